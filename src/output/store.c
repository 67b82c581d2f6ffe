/* SPDX-License-Identifier: MIT */
/*
 * The SQLite store behind hs_writer (schema in output.h). A run adds a
 * runs row; each document is written in one transaction that deletes the
 * document's previous facts, inserts its new ones and replaces its
 * documents row, so a re-run over the same documents replaces rows instead
 * of duplicating them, and a run killed at any point leaves whole
 * documents only (WAL journal: what was committed stays, the transaction in
 * progress is rolled back when the database is next opened). A run that
 * was interrupted keeps runs.finished NULL; running again completes it.
 *
 * Expected workload: one writer process per database, thousands to
 * millions of documents with tens of facts each; every statement is
 * prepared once per run. synchronous=NORMAL: a power loss may lose the
 * last documents but never leaves half of one.
 */
#include "output_int.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#define SCHEMA_VERSION 1

struct hs_output_db {
  sqlite3 *db;
  sqlite3_stmt *ins_fact;  /* facts row */
  sqlite3_stmt *del_facts; /* a document's facts */
  sqlite3_stmt *put_doc;   /* documents row (insert or replace) */
  sqlite3_stmt *get_doc;   /* status and bytes of a document */
  long long run_id;
  long long crash_after; /* test hook; < 0: off */
  long long docs_done;
};

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS runs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  pack TEXT, version TEXT, options TEXT,\n"
    "  started TEXT NOT NULL, finished TEXT);\n"
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  name TEXT PRIMARY KEY, status TEXT NOT NULL, format TEXT,\n"
    "  encoding TEXT, bytes INTEGER, facts INTEGER NOT NULL DEFAULT 0,\n"
    "  error TEXT, run_id INTEGER);\n"
    "CREATE TABLE IF NOT EXISTS facts(\n"
    "  doc TEXT NOT NULL, indicator TEXT NOT NULL, measure TEXT NOT NULL,\n"
    "  value TEXT NOT NULL, unit TEXT NOT NULL, period TEXT NOT NULL,\n"
    "  zone TEXT NOT NULL, span TEXT NOT NULL, \"offset\" INTEGER NOT NULL,\n"
    "  rule TEXT NOT NULL, approx TEXT, subject TEXT, scope TEXT,\n"
    "  high TEXT, run_id INTEGER);\n"
    "CREATE INDEX IF NOT EXISTS facts_doc ON facts(doc);\n"
    "PRAGMA user_version = 1;\n";

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

/*{====================================================================
 * Opening
 *====================================================================}*/

static void db_free(struct hs_output_db *s) {
  if (s == NULL) return;
  sqlite3_finalize(s->ins_fact);
  sqlite3_finalize(s->del_facts);
  sqlite3_finalize(s->put_doc);
  sqlite3_finalize(s->get_doc);
  sqlite3_close(s->db); /* checkpoints and removes the -wal file */
  free(s);
}

void hs_output_db_close(struct hs_output_db *db) {
  db_free(db);
}

/* Runs one statement returning a single integer into *v (if v != NULL). */
static int one_int(sqlite3 *db, const char *sql, long long *v) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      if (v != NULL) *v = sqlite3_column_int64(st, 0);
      rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
      rc = SQLITE_OK;
    }
  }
  sqlite3_finalize(st);
  return rc;
}

/* Checks that db is empty or a hanscan store, creating the schema in the
 * first case. Returns a static reason, or NULL when fine (sqlite errors:
 * "" and the message is in sqlite3_errmsg). */
static const char *check_schema(sqlite3 *db) {
  long long version = 0, tables = 0;
  if (one_int(db, "PRAGMA user_version", &version) != SQLITE_OK) return "";
  if (version > SCHEMA_VERSION)
    return "written by a newer hanscan (schema version above 1)";
  if (version == 0) {
    if (one_int(db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK)
      return "";
    if (tables > 0) return "not a hanscan store (it has other tables)";
  }
  if (sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) !=
          SQLITE_OK ||
      sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) !=
          SQLITE_OK)
    return "";
  if (version == 0) {
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
      return "";
    if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK) {
      sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
      return "";
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return "";
  }
  return NULL;
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st) {
  return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
}

hs_status hs_writer_open_db(hs_writer **out, const char *path,
                            const hs_runinfo *run, char *why, size_t n) {
  *out = NULL;
  if (why != NULL && n > 0) why[0] = '\0';
  if (path == NULL) return HS_EDATA;
  hs_writer *w = calloc(1, sizeof *w);
  struct hs_output_db *s = calloc(1, sizeof *s);
  if (w == NULL || s == NULL) {
    free(w);
    free(s);
    return HS_ENOMEM;
  }
  hs_buf_init(&w->buf);
  w->fmt = HS_FMT_DB;
  w->db = s;
  s->crash_after = -1;
  const char *hook = getenv("HANSCAN_TEST_CRASH_AFTER");
  if (hook != NULL && *hook != '\0') s->crash_after = strtoll(hook, NULL, 10);
  const char *reason = NULL;
  int rc = sqlite3_open_v2(path, &s->db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK) {
    reason = "";
    goto fail;
  }
  sqlite3_extended_result_codes(s->db, 1);
  sqlite3_busy_timeout(s->db, 10000);
  reason = check_schema(s->db);
  if (reason != NULL) goto fail;
  sqlite3_stmt *st = NULL;
  rc = sqlite3_prepare_v2(s->db,
                          "INSERT INTO runs(pack, version, options, started) "
                          "VALUES(?1, ?2, ?3, " NOW ")",
                          -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(st, 1, run ? run->pack : NULL, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, run ? run->version : NULL, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, run ? run->options : NULL, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_OK) {
    reason = "";
    goto fail;
  }
  s->run_id = sqlite3_last_insert_rowid(s->db);
  if (prepare(s->db,
              "INSERT INTO facts(doc, indicator, measure, value, unit, "
              "period, zone, span, \"offset\", rule, approx, subject, scope, "
              "high, run_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
              "?11, ?12, ?13, ?14, ?15)",
              &s->ins_fact) != SQLITE_OK ||
      prepare(s->db, "DELETE FROM facts WHERE doc = ?1", &s->del_facts) !=
          SQLITE_OK ||
      prepare(s->db,
              "INSERT OR REPLACE INTO documents(name, status, format, "
              "encoding, bytes, facts, error, run_id) VALUES(?1, ?2, ?3, ?4, "
              "?5, ?6, ?7, ?8)",
              &s->put_doc) != SQLITE_OK ||
      prepare(s->db, "SELECT status, bytes FROM documents WHERE name = ?1",
              &s->get_doc) != SQLITE_OK) {
    reason = "";
    goto fail;
  }
  *out = w;
  return HS_OK;
fail:
  if (why != NULL && n > 0) {
    if (*reason != '\0')
      snprintf(why, n, "%s", reason);
    else
      snprintf(why, n, "%s",
               s->db != NULL ? sqlite3_errmsg(s->db) : "cannot open");
  }
  hs_status out_rc = s->db == NULL ? HS_ENOMEM : HS_EIO;
  if (s->db != NULL && sqlite3_errcode(s->db) == SQLITE_NOMEM)
    out_rc = HS_ENOMEM;
  hs_writer_free(w);
  return out_rc;
}

long long hs_writer_run_id(const hs_writer *w) {
  return w == NULL || w->db == NULL ? 0 : w->db->run_id;
}

/*{====================================================================
 * Writing
 *====================================================================}*/

static hs_status sql_fail(hs_writer *w, const char *what) {
  snprintf(w->msg, sizeof w->msg, "%s: %s", what, sqlite3_errmsg(w->db->db));
  w->failed = 1;
  return sqlite3_errcode(w->db->db) == SQLITE_NOMEM ? HS_ENOMEM : HS_EIO;
}

/* Binds s as text, or NULL when s is NULL or (empty_null) "". */
static void bind_str(sqlite3_stmt *st, int i, const char *s, int empty_null) {
  if (s == NULL || (empty_null && *s == '\0'))
    sqlite3_bind_null(st, i);
  else
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

hs_status hs_output_db_insert(hs_writer *w, const char *p, size_t n) {
  struct hs_output_db *s = w->db;
  const char *end = p + n;
  while (p < end) {
    const char *f[14];
    for (int i = 0; i < 14; i++) {
      const char *z = memchr(p, '\0', (size_t)(end - p));
      if (z == NULL) {
        snprintf(w->msg, sizeof w->msg, "truncated record");
        return HS_EDATA;
      }
      f[i] = p;
      p = z + 1;
      if (i < 13 && p >= end) {
        snprintf(w->msg, sizeof w->msg, "truncated record");
        return HS_EDATA;
      }
    }
    sqlite3_stmt *st = s->ins_fact;
    sqlite3_reset(st);
    for (int i = 0; i < 14; i++) {
      if (i == 8)
        sqlite3_bind_int64(st, 9, strtoll(f[8], NULL, 10));
      else
        bind_str(st, i + 1, f[i], i >= 10);
    }
    sqlite3_bind_int64(st, 15, s->run_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sql_fail(w, "storing a fact");
    w->count++;
  }
  return HS_OK;
}

/* Counts the packed records in p[0..n) (14 NULs each). */
static long long count_packed(const char *p, size_t n) {
  long long nul = 0;
  for (size_t i = 0; i < n; i++)
    nul += p[i] == '\0';
  return nul / 14;
}

hs_status hs_writer_doc(hs_writer *w, const hs_docinfo *d, const char *p,
                        size_t n) {
  if (w == NULL) return HS_EDATA;
  w->msg[0] = '\0';
  if (w->db == NULL) return hs_writer_raw(w, p, n);
  if (d == NULL || d->name == NULL || d->status == NULL) return HS_EDATA;
  struct hs_output_db *s = w->db;
  if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return sql_fail(w, "starting a transaction");
  hs_status rc = HS_OK;
  sqlite3_stmt *st = s->del_facts;
  sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE)
    rc = sql_fail(w, "deleting the previous facts");
  sqlite3_reset(st);
  size_t before = w->count;
  if (rc == HS_OK && n > 0) rc = hs_output_db_insert(w, p, n);
  if (rc == HS_OK && s->crash_after >= 0 && s->docs_done == s->crash_after)
    raise(SIGKILL); /* test hook: a crash in the middle of a document */
  if (rc == HS_OK) {
    st = s->put_doc;
    bind_str(st, 1, d->name, 0);
    bind_str(st, 2, d->status, 0);
    bind_str(st, 3, d->format, 1);
    bind_str(st, 4, d->encoding, 1);
    if (d->bytes < 0)
      sqlite3_bind_null(st, 5);
    else
      sqlite3_bind_int64(st, 5, d->bytes);
    sqlite3_bind_int64(st, 6, n > 0 ? count_packed(p, n) : 0);
    bind_str(st, 7, d->error, 1);
    sqlite3_bind_int64(st, 8, s->run_id);
    if (sqlite3_step(st) != SQLITE_DONE)
      rc = sql_fail(w, "storing the document");
    sqlite3_reset(st);
  }
  if (rc == HS_OK &&
      sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    rc = sql_fail(w, "committing");
  if (rc != HS_OK) {
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    w->count = before;
    return rc;
  }
  s->docs_done++;
  return HS_OK;
}

int hs_writer_has_doc(hs_writer *w, const char *name, long long bytes) {
  if (w == NULL || w->db == NULL || name == NULL) return 0;
  sqlite3_stmt *st = w->db->get_doc;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int has = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char *status = sqlite3_column_text(st, 0);
    has = status != NULL && strcmp((const char *)status, "ok") == 0 &&
          sqlite3_column_type(st, 1) == SQLITE_INTEGER &&
          sqlite3_column_int64(st, 1) == bytes;
  }
  sqlite3_reset(st);
  return has;
}

hs_status hs_writer_finish(hs_writer *w) {
  if (w == NULL) return HS_EDATA;
  if (w->db == NULL) return hs_writer_flush(w);
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(
      w->db->db, "UPDATE runs SET finished = " NOW " WHERE id = ?1", -1, &st,
      NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, w->db->run_id);
    rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_OK) return sql_fail(w, "finishing the run");
  return hs_writer_flush(w);
}
