import pg from "pg";
import type { Database, Sql } from "./database.ts";

/** A PostgreSQL server shared by any number of booty processes. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const asSql = (q: pg.Pool | pg.PoolClient): Sql => ({
    query: async (text, params) => ({ rows: (await q.query(text, params as unknown[])).rows }),
  });
  return {
    kind: "postgres",
    ...asSql(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(asSql(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (script) => {
      await pool.query(script);
    },
    bossOptions: () => ({ connectionString: url, max: 4 }),
    close: () => pool.end(),
  };
}
