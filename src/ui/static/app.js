// The dashboard's only script: keeps the live part of a page current. The server tells it when what the
// pages show changed (server-sent events); it fetches the page again and swaps in its live part. The
// markup comes from the server, escaped there; DOMParser runs no script in it.
(() => {
  const live = () => document.getElementById("live");
  if (!live() || typeof EventSource === "undefined") return;
  let fetching = false;
  let again = false;
  const refresh = async () => {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      const res = await fetch(location.href, { credentials: "same-origin", headers: { accept: "text/html" } });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      const next = doc.getElementById("live");
      const now = live();
      // Every change anywhere is news to every open page: a page whose part did not change is left as it
      // is, and one that did keeps the log or details a person opened.
      if (next && now) {
        const open = [...now.querySelectorAll("details")].map((d) => d.open);
        for (const [i, d] of [...next.querySelectorAll("details")].entries()) if (open[i]) d.open = true;
        if (next.innerHTML !== now.innerHTML) now.replaceWith(document.adoptNode(next));
      }
      document.title = doc.title;
      document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
    } finally {
      fetching = false;
      if (again) {
        again = false;
        void refresh();
      }
    }
  };
  const events = new EventSource("/ui/events");
  events.addEventListener("ready", () => void refresh());
  events.addEventListener("change", () => void refresh());
})();
