"""Benchmark peer for `npm run bench`: the plainest way to index Da-TACOS metadata
(Python's json + sqlite3, one transaction, an FTS5 table), to compare Refrain's indexer with."""
import gzip, json, sqlite3, sys, time, pathlib

folder, db_path = pathlib.Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
db = sqlite3.connect(db_path)
db.executescript("""
PRAGMA journal_mode=WAL;
CREATE TABLE works (id INTEGER PRIMARY KEY, subset TEXT, work_id TEXT, title TEXT, artist TEXT, UNIQUE (subset, work_id));
CREATE TABLE performances (id INTEGER PRIMARY KEY, subset TEXT, work_id TEXT, perf_id TEXT, title TEXT, artist TEXT,
  year TEXT, instrumental TEXT, UNIQUE (subset, perf_id));
CREATE VIRTUAL TABLE search USING fts5(title, artist, work_title, work_artist);
""")
count = 0
with db:
    for path in sorted(folder.glob("*_metadata.json*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            works = json.load(handle)
        subset = path.name.split("_")[1]
        for work_id, perfs in works.items():
            for perf_id, p in perfs.items():
                db.execute("INSERT OR IGNORE INTO works (subset, work_id, title, artist) VALUES (?, ?, ?, ?)",
                           (subset, work_id, p.get("work_title"), p.get("work_artist")))
                cur = db.execute("INSERT INTO performances (subset, work_id, perf_id, title, artist, year, instrumental) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (subset, work_id, perf_id, p.get("perf_title"), p.get("perf_artist"), p.get("release_year"), p.get("instrumental")))
                db.execute("INSERT INTO search (rowid, title, artist, work_title, work_artist) VALUES (?, ?, ?, ?, ?)",
                           (cur.lastrowid, p.get("perf_title"), p.get("perf_artist"), p.get("work_title"), p.get("work_artist")))
                count += 1
print(json.dumps({"performances": count, "seconds": time.perf_counter() - start}))
