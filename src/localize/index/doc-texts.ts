import { FileReader } from "./build.ts";
import { type Definition, extractDefinitions } from "./defs.ts";
import type { LocalIndex } from "./store.ts";

/** The text and definitions of indexed files, read on first use and kept: ranking and packing share them. */
export class DocTexts {
  private readonly reader = new FileReader();
  private readonly texts = new Map<number, string>();
  private readonly defs = new Map<number, Definition[]>();

  private readonly root: string;
  private readonly index: LocalIndex;

  constructor(root: string, index: LocalIndex) {
    this.root = root;
    this.index = index;
  }

  pathOf(doc: number): string {
    return this.index.docs[doc]?.path ?? "";
  }

  text(doc: number): string {
    let t = this.texts.get(doc);
    if (t === undefined) {
      t = this.reader.read(this.root, this.pathOf(doc)).text;
      this.texts.set(doc, t);
    }
    return t;
  }

  definitions(doc: number): Definition[] {
    let d = this.defs.get(doc);
    if (!d) {
      d = extractDefinitions(this.pathOf(doc), this.text(doc));
      this.defs.set(doc, d);
    }
    return d;
  }
}
