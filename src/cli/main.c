/* SPDX-License-Identifier: MIT */
/*
 * The hanscan command line: argument parsing, data-dir and pack lookup, and
 * the run, cat, ls and --lua-test commands. Documents come from the source
 * (source.c: folders, archives, nested archives), go through
 * hs_pipeline_doc_opts (decode, rules, formatting) and are written in
 * document order. With -j N, N workers each own an engine; the main thread
 * reads documents and writes results in order (to a FILE, or to the SQLite
 * store one document per transaction, with its documents row).
 */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/base.h"
#include "../decode/decode.h"
#include "../engine/engine.h"
#include "../output/output.h"
#include "../walk/walk.h"
#include "cli_int.h"
#include "cmd.h"

#ifndef HS_VERSION
#define HS_VERSION "0.0.0"
#endif

/*{====================================================================
 * Help texts
 *====================================================================}*/

static const char usage_main[] =
    "usage: hanscan COMMAND [OPTIONS] [PATH...]\n"
    "\n"
    "Extract economic facts from Chinese development-zone reports.\n"
    "\n"
    "commands:\n"
    "  run [-p PACK] [-o OUT] [-j N] [--encoding ENC] PATH...\n"
    "                    extract facts with a rule pack (see run --help)\n"
    "  report SCRIPT FACTS... [-o OUT]\n"
    "                    a report (Markdown, CSV, HTML with charts) over\n"
    "                    stored facts (see report --help)\n"
    "  cat [--raw] PATH...  decoded, normalized text of each document\n"
    "  ls PATH...        the documents found: format, encoding, size, status\n"
    "  try [-p PACK] [--trace] TEXT|-\n"
    "                    the facts of a snippet and the rules that fired\n"
    "  test PACK         run the test cases that ship inside a pack\n"
    "  exec SCRIPT.lua PATH...\n"
    "                    run a Lua extraction script (see exec --help)\n"
    "  --lua-test FILE   run a Lua test file inside the sandbox\n"
    "  --version         print the version\n"
    "  --help            print this help\n"
    "\n"
    "PATH is a file, a folder (walked recursively, sorted by name) or -\n"
    "(standard input). Archives (zip, tar, gz, bz2, xz, zst; nested) are\n"
    "opened; a member is named outer.zip!dir/inner.txt. Text may be UTF-8,\n"
    "GB18030/GBK, Big5 or UTF-16 (detected), plain, HTML or .docx. Exit "
    "status: 0 all documents read, 1 some could not\n"
    "be read (each reported on stderr), 2 bad usage or a pack that fails to\n"
    "load.\n";

static const char usage_run[] =
    "usage: hanscan run [-p PACK] [-o OUT] [-j N] [--encoding ENC] PATH...\n"
    "\n"
    "Runs a rule pack over every document and writes one fact per record.\n"
    "\n"
    "options:\n"
    "  -p, --pack PACK     a pack folder, or the name of an installed pack\n"
    "                      (looked up in $HANSCAN_PACKS, a colon-separated\n"
    "                      list of folders, ~/.local/share/hanscan/rules,\n"
    "                      then the bundled packs); default devzone\n"
    "  -o, --output OUT    output file; the extension picks the format:\n"
    "                      .jsonl (JSON Lines), .csv (RFC 4180, CRLF) or\n"
    "                      .db/.sqlite (the SQLite store, see below);\n"
    "                      - (standard output) and /dev/null take JSON\n"
    "                      Lines; default: JSON Lines on standard output\n"
    "      --resume        with a store: skip documents it already holds\n"
    "                      with status ok and the same size\n"
    "  -j, --jobs N        worker threads, one Lua state each (default: the\n"
    "                      number of cores, at most 16);\n"
    "                      records stay in document order\n"
    "      --encoding ENC  input encoding for every document (utf-8, gb18030,\n"
    "                      gbk, big5, utf-16le, utf-16be, any iconv name);\n"
    "                      default auto: BOM, <meta> charset, detection\n"
    "      --max-size SIZE largest decoded document (default 64M; K, M, G)\n"
    "      --max-depth N   archives nested deeper than N fail (default 8)\n"
    "      --year YYYY     the year of every document (what 今年 means);\n"
    "                      default: read from each text\n"
    "      --model c|lua   the prose model: c (default, fast) or lua (the\n"
    "                      reference in lua/hanscan/extract.lua; slow)\n"
    "      --no-skip       read sentences without a figure whole too (the\n"
    "                      facts are the same; for checking the skip)\n"
    "  -h, --help          print this help\n"
    "\n"
    "Record fields: doc, indicator, measure, value, unit, period, zone,\n"
    "span, offset, rule (+ approx, subject, scope in JSON Lines when set).\n"
    "span is the text as written in the document and offset its byte offset\n"
    "in the decoded document (what cat --raw prints). Documents that cannot\n"
    "be read, skipped entries (images, PDF ...) and undecodable bytes are\n"
    "reported on stderr with the document's name, and a one-line summary\n"
    "ends every run.\n"
    "\n"
    "The store (-o facts.db) has tables facts (the record fields, plus\n"
    "run_id), documents (name, status ok/damaged/failed/skipped, format,\n"
    "encoding, bytes, facts, error, run_id) and runs (id, pack, version,\n"
    "options, started, finished). Each document is written in one\n"
    "transaction that replaces its earlier facts and row, so running again\n"
    "over the same documents replaces them, and an interrupted run (Ctrl-C,\n"
    "a crash) leaves whole documents only and runs.finished empty: run the\n"
    "same command again to complete it (--resume skips what is done).\n";

static const char usage_cat[] =
    "usage: hanscan cat [--raw] [--encoding ENC] [--max-size SIZE] PATH...\n"
    "\n"
    "Prints the normalized text of each document (what the rules read);\n"
    "with --raw, the decoded text (UTF-8, markup stripped, not normalized:\n"
    "fact offsets count bytes in it). With more than one document each is\n"
    "preceded by a line \"==> name <==\" and ends with a newline.\n";

static const char usage_ls[] =
    "usage: hanscan ls [--encoding ENC] [--max-size SIZE] PATH...\n"
    "\n"
    "Prints one line per document found, fields separated by tabs: name,\n"
    "format (text, html, xml, docx), encoding (UTF-8, UTF-8-BOM, GB18030,\n"
    "BIG5, UTF-16LE, UTF-16BE ...), size in bytes (raw, after\n"
    "decompression), status: ok; ok (N bytes undecodable); FAILED: reason;\n"
    "skipped: reason. Unknown fields are -.\n";

/*{====================================================================
 * Small helpers
 *====================================================================}*/


static char *concat(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  char *p = malloc(la + lb + 1);
  if (p == NULL) return NULL;
  memcpy(p, a, la);
  memcpy(p + la, b, lb + 1);
  return p;
}


/*{====================================================================
 * Options
 *====================================================================}*/

typedef struct opts {
  const char *pack;
  const char *out;
  const char *encoding;
  long jobs;
  size_t max_size; /* 0: default */
  int max_depth;   /* 0: default */
  int year;        /* --year: 0 means read each document's year from it */
  int lua_model;   /* run --model lua */
  int no_skip;     /* run --no-skip */
  int raw;         /* cat --raw */
  int resume;      /* run --resume */
  int help;
  const char **paths;
  size_t npaths;
} opts;

/* Value of option argv[*i] (attached "-pX"/"--pack=X" or next arg). */
static const char *optval(int argc, char **argv, int *i, const char *arg,
                          size_t namelen) {
  if (arg[1] != '-' && arg[2] != '\0') return arg + 2; /* -pX */
  if (arg[1] == '-' && arg[namelen] == '=') return arg + namelen + 1;
  if (*i + 1 >= argc) return NULL;
  return argv[++*i];
}

static int matches(const char *arg, const char *s, const char *l) {
  size_t n = strlen(l);
  if (strncmp(arg, s, 2) == 0 && s[0] != '\0') return 1;
  return strncmp(arg, l, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* Parses argv[2..] for a command; returns 0 or prints an error and returns
 * HS_EXIT_USAGE. `allowed` lists the option letters the command takes. */
static int parse_opts(int argc, char **argv, const char *cmd,
                      const char *allowed, opts *o) {
  memset(o, 0, sizeof *o);
  /* one worker per core by default (records stay in input order) */
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  o->jobs = cores < 1 ? 1 : cores > 16 ? 16 : cores;
  o->paths = calloc((size_t)argc, sizeof *o->paths);
  if (o->paths == NULL) return HS_EXIT_USAGE;
  int only_paths = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
      o->paths[o->npaths++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_paths = 1;
      continue;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      o->help = 1;
      continue;
    }
    if (strcmp(a, "--raw") == 0 && strchr(allowed, 'r') != NULL) {
      o->raw = 1;
      continue;
    }
    if (strcmp(a, "--resume") == 0 && strchr(allowed, 'R') != NULL) {
      o->resume = 1;
      continue;
    }
    if (strcmp(a, "--no-skip") == 0 && strchr(allowed, 'm') != NULL) {
      o->no_skip = 1;
      continue;
    }
    const char *v = NULL;
    char key = 0;
    if (matches(a, "-p", "--pack")) {
      key = 'p';
      v = optval(argc, argv, &i, a, 6);
    } else if (matches(a, "-o", "--output")) {
      key = 'o';
      v = optval(argc, argv, &i, a, 8);
    } else if (matches(a, "-j", "--jobs")) {
      key = 'j';
      v = optval(argc, argv, &i, a, 6);
    } else if (matches(a, "", "--encoding")) {
      key = 'e';
      v = optval(argc, argv, &i, a, 10);
    } else if (matches(a, "", "--max-size")) {
      key = 's';
      v = optval(argc, argv, &i, a, 10);
    } else if (matches(a, "", "--max-depth")) {
      key = 'd';
      v = optval(argc, argv, &i, a, 11);
    } else if (matches(a, "", "--year")) {
      key = 'y';
      v = optval(argc, argv, &i, a, 6);
    } else if (matches(a, "", "--model")) {
      key = 'm';
      v = optval(argc, argv, &i, a, 7);
    }
    if (key == 0 || strchr(allowed, key) == NULL) {
      fprintf(stderr, "hanscan %s: unknown option '%s' (see --help)\n", cmd, a);
      return HS_EXIT_USAGE;
    }
    if (v == NULL) {
      fprintf(stderr, "hanscan %s: option '%s' needs a value\n", cmd, a);
      return HS_EXIT_USAGE;
    }
    switch (key) {
      case 'p': o->pack = v; break;
      case 'o': o->out = v; break;
      case 'e': o->encoding = v; break;
      case 's':
        o->max_size = hs_cli_parse_size(v);
        if (o->max_size == 0) {
          fprintf(stderr, "hanscan %s: --max-size needs a size such as 64M\n",
                  cmd);
          return HS_EXIT_USAGE;
        }
        break;
      case 'd': {
        char *end;
        long d = strtol(v, &end, 10);
        if (*end != '\0' || d < 1 || d > 64) {
          fprintf(stderr,
                  "hanscan %s: --max-depth needs a number from 1 to "
                  "64\n",
                  cmd);
          return HS_EXIT_USAGE;
        }
        o->max_depth = (int)d;
        break;
      }
      case 'm':
        if (strcmp(v, "c") != 0 && strcmp(v, "lua") != 0) {
          fprintf(stderr, "hanscan %s: --model is c or lua\n", cmd);
          return HS_EXIT_USAGE;
        }
        o->lua_model = strcmp(v, "lua") == 0;
        break;
      case 'y': {
        char *end;
        long y = strtol(v, &end, 10);
        if (*end != '\0' || y < 1900 || y > 2100) {
          fprintf(stderr, "hanscan %s: --year needs a year such as 2024\n",
                  cmd);
          return HS_EXIT_USAGE;
        }
        o->year = (int)y;
        break;
      }
      case 'j': {
        char *end;
        errno = 0;
        o->jobs = strtol(v, &end, 10);
        if (errno != 0 || *end != '\0' || o->jobs < 1 || o->jobs > 256) {
          fprintf(stderr, "hanscan %s: -j needs a number from 1 to 256\n", cmd);
          return HS_EXIT_USAGE;
        }
        break;
      }
    }
  }
  if (o->encoding != NULL && !hs_decode_encoding_ok(o->encoding)) {
    fprintf(stderr,
            "hanscan %s: unsupported encoding '%s' (try utf-8, gb18030, big5, "
            "utf-16le, utf-16be)\n",
            cmd, o->encoding);
    return HS_EXIT_USAGE;
  }
  return 0;
}

/*{====================================================================
 * run
 *====================================================================}*/

typedef struct stats {
  size_t docs, facts, failed, damaged, resumed;
  double bytes;
} stats;

/* One document slot of the ordered queue used with -j. */
typedef struct slot {
  hs_doc doc;
  hs_doc_result res;
  hs_status walk_rc; /* != HS_OK: the walker failed on this path */
  char *walk_msg;
  int resumed; /* --resume: already in the store, not processed */
  int state;   /* 0 free, 1 filled (to process), 2 taken, 3 done */
} slot;

typedef struct pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  slot *slots;
  size_t nslots;
  size_t head; /* next sequence number to write */
  size_t tail; /* next sequence number to fill */
  size_t next; /* next sequence number to process */
  int closed;  /* no more documents */
  int fatal;
  const hs_decode_opts *dopts;
  hs_format fmt;
  hs_engine **engines;
} pool;

typedef struct worker {
  pool *p;
  hs_engine *e;
} worker;

static void process_slot(hs_engine *e, hs_text *t, slot *s,
                         const hs_decode_opts *dopts, hs_format fmt,
                         int *fatal) {
  if (s->walk_rc != HS_OK || s->resumed) return;
  if (hs_pipeline_doc_opts(e, t, &s->doc, dopts, fmt, &s->res) != HS_OK)
    *fatal = 1;
  hs_buf_close(&s->doc.data); /* release the raw bytes early */
}

static void *worker_main(void *arg) {
  worker *w = arg;
  pool *p = w->p;
  hs_text t;
  hs_text_init(&t);
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->next == p->tail && !p->closed)
      pthread_cond_wait(&p->cv, &p->mu);
    if (p->next == p->tail && p->closed) break;
    slot *s = &p->slots[p->next % p->nslots];
    p->next++;
    s->state = 2;
    pthread_mutex_unlock(&p->mu);
    int fatal = 0;
    process_slot(w->e, &t, s, p->dopts, p->fmt, &fatal);
    pthread_mutex_lock(&p->mu);
    if (fatal) p->fatal = 1;
    s->state = 3;
    pthread_cond_broadcast(&p->cv);
  }
  pthread_mutex_unlock(&p->mu);
  hs_text_close(&t);
  return NULL;
}

/* Writes one finished slot (its records, and in a store its documents
 * row) and accounts for it. 0 when the writer failed (reported). */
static int emit(slot *s, hs_writer *wr, stats *st) {
  int ok = 1;
  st->docs++;
  const char *name = s->doc.name ? s->doc.name : "?";
  hs_docinfo d = {name, "ok", NULL, NULL, -1, NULL};
  const char *p = NULL;
  size_t n = 0;
  if (s->resumed) {
    st->resumed++;
    goto done;
  }
  if (s->walk_rc != HS_OK) {
    d.error = s->walk_msg ? s->walk_msg : hs_strerror(s->walk_rc);
    fprintf(stderr, "%s: %s\n", name, d.error);
    d.status = "failed";
    st->failed++;
  } else {
    if (s->res.errors.len > 0)
      fwrite(s->res.errors.data, 1, s->res.errors.len, stderr);
    p = s->res.records.data;
    n = s->res.records.len;
    d.status = s->res.failed ? "failed" : s->res.damaged ? "damaged" : "ok";
    d.format = s->res.format;
    d.encoding = s->res.encoding;
    d.bytes = (long long)s->res.raw;
    d.error = hs_buf_cstr(&s->res.error);
    st->facts += s->res.facts;
    st->failed += (size_t)s->res.failed;
    st->damaged += (size_t)s->res.damaged;
  }
  if (hs_writer_doc(wr, &d, p, n) != HS_OK) {
    fprintf(stderr, "hanscan run: %s: %s\n", name, hs_writer_errmsg(wr));
    ok = 0;
  }
done:
  hs_doc_close(&s->doc);
  free(s->walk_msg);
  s->walk_msg = NULL;
  hs_doc_result_reset(&s->res);
  return ok;
}

/* Reads the next document into s. With resume, a document the store
 * already holds (ok, same size) is marked resumed. */
static hs_status fill_slot(hs_source *w, slot *s, stats *st, hs_writer *wr,
                           int resume) {
  hs_status rc = hs_source_next(w, &s->doc);
  s->walk_rc = rc;
  s->resumed = 0;
  free(s->walk_msg);
  s->walk_msg = NULL;
  if (rc == HS_DONE) return rc;
  if (rc != HS_OK) s->walk_msg = strdup(hs_source_errmsg(w));
  if (rc == HS_OK && resume && s->doc.name != NULL &&
      hs_writer_has_doc(wr, s->doc.name, (long long)s->doc.data.len))
    s->resumed = 1;
  st->bytes += (double)s->doc.data.len;
  return rc;
}

static int run_docs_parallel(hs_source *w, hs_engine **engines, long jobs,
                             const hs_decode_opts *dopts, hs_format fmt,
                             hs_writer *wr, int resume, stats *st) {
  pool p;
  memset(&p, 0, sizeof p);
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.cv, NULL);
  p.nslots = (size_t)jobs * 4;
  p.slots = calloc(p.nslots, sizeof *p.slots);
  p.dopts = dopts;
  p.fmt = fmt;
  worker *ws = calloc((size_t)jobs, sizeof *ws);
  pthread_t *th = calloc((size_t)jobs, sizeof *th);
  int ok = 1;
  if (p.slots == NULL || ws == NULL || th == NULL) {
    fprintf(stderr, "hanscan: out of memory\n");
    ok = 0;
    goto out;
  }
  for (size_t i = 0; i < p.nslots; i++) {
    hs_doc_init(&p.slots[i].doc);
    hs_doc_result_init(&p.slots[i].res);
  }
  long started = 0;
  for (long i = 0; i < jobs; i++) {
    ws[i].p = &p;
    ws[i].e = engines[i];
    if (pthread_create(&th[i], NULL, worker_main, &ws[i]) != 0) break;
    started++;
  }
  if (started == 0) {
    fprintf(stderr, "hanscan: cannot start worker threads\n");
    ok = 0;
    goto out;
  }
  pthread_mutex_lock(&p.mu);
  for (;;) {
    /* write finished slots in order */
    while (p.head < p.tail && p.slots[p.head % p.nslots].state == 3) {
      slot *s = &p.slots[p.head % p.nslots];
      pthread_mutex_unlock(&p.mu);
      int emitted = emit(s, wr, st);
      pthread_mutex_lock(&p.mu);
      if (!emitted) {
        ok = 0;
        p.fatal = 2; /* the writer failed: stop reading */
      }
      s->state = 0;
      p.head++;
    }
    if (p.closed && p.head == p.tail) break;
    if (!p.closed && p.tail - p.head < p.nslots && !p.fatal) {
      slot *s = &p.slots[p.tail % p.nslots];
      pthread_mutex_unlock(&p.mu);
      hs_status rc = fill_slot(w, s, st, wr, resume);
      pthread_mutex_lock(&p.mu);
      if (rc == HS_DONE) {
        p.closed = 1;
      } else {
        /* slots with walker failures go through a worker too (which
         * skips them), so that every slot takes the same path */
        s->state = 1;
        p.tail++;
      }
      pthread_cond_broadcast(&p.cv);
      continue;
    }
    if (p.fatal && !p.closed) p.closed = 1;
    pthread_cond_wait(&p.cv, &p.mu);
  }
  pthread_cond_broadcast(&p.cv);
  pthread_mutex_unlock(&p.mu);
  for (long i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  if (p.fatal == 1) {
    fprintf(stderr, "hanscan: out of memory\n");
    ok = 0;
  }
out:
  if (p.slots != NULL) {
    for (size_t i = 0; i < p.nslots; i++) {
      hs_doc_close(&p.slots[i].doc);
      hs_doc_result_close(&p.slots[i].res);
      free(p.slots[i].walk_msg);
    }
  }
  free(p.slots);
  free(ws);
  free(th);
  pthread_cond_destroy(&p.cv);
  pthread_mutex_destroy(&p.mu);
  return ok;
}

static int run_docs(hs_source *w, hs_engine *e, const hs_decode_opts *dopts,
                    hs_format fmt, hs_writer *wr, int resume, stats *st) {
  slot s;
  memset(&s, 0, sizeof s);
  hs_doc_init(&s.doc);
  hs_doc_result_init(&s.res);
  hs_text t;
  hs_text_init(&t);
  int ok = 1, fatal = 0;
  while (fill_slot(w, &s, st, wr, resume) != HS_DONE) {
    process_slot(e, &t, &s, dopts, fmt, &fatal);
    if (fatal) {
      fprintf(stderr, "hanscan: out of memory\n");
      ok = 0;
      break;
    }
    if (!emit(&s, wr, st)) {
      ok = 0;
      break;
    }
  }
  hs_doc_close(&s.doc);
  free(s.walk_msg);
  hs_doc_result_close(&s.res);
  hs_text_close(&t);
  return ok;
}

/* Resolves -p PACK to a folder. Owned by the caller, or NULL (reported). */
static char *resolve_pack(const char *pack, const char *data) {
  return hs_cli_find_pack(pack, data); /* common.c: the pack search path */
}

/* Skip callback of run: one line on stderr; in a store, a documents row
 * with status skipped. ud: the hs_writer * slot (may hold NULL). */
static void report_skip(void *ud, const char *name, const char *why) {
  hs_writer *wr = *(hs_writer **)ud;
  fprintf(stderr, "%s: skipped (%s)\n", name, why);
  if (wr != NULL && hs_writer_run_id(wr) != 0) {
    hs_docinfo d = {name, "skipped", NULL, NULL, -1, why};
    if (hs_writer_doc(wr, &d, NULL, 0) != HS_OK)
      fprintf(stderr, "hanscan run: %s: %s\n", name, hs_writer_errmsg(wr));
  }
}

/* The command line after "hanscan" as one string, for the runs table.
 * Owned by the caller; NULL when out of memory. */
static char *command_line(int argc, char **argv) {
  hs_buf b;
  hs_buf_init(&b);
  hs_status rc = HS_OK;
  for (int i = 1; rc == HS_OK && i < argc; i++) {
    if (i > 1) rc = hs_buf_putc(&b, ' ');
    if (rc == HS_OK) rc = hs_buf_puts(&b, argv[i]);
  }
  if (rc != HS_OK) {
    hs_buf_close(&b);
    return NULL;
  }
  char *s = hs_buf_steal(&b);
  return s != NULL ? s : strdup("");
}

/* Opens run's output: a FILE writer (*out is the file opened, if any), or
 * the store with a runs row naming the pack loaded in e. Returns 0, or an
 * exit status after reporting why. */
static int open_output(const opts *o, hs_format fmt, hs_engine *e,
                       const char *pack, int argc, char **argv, FILE **out,
                       hs_writer **wr) {
  if (fmt != HS_FMT_DB) {
    if (o->out != NULL && strcmp(o->out, "-") != 0) {
      *out = fopen(o->out, "w");
      if (*out == NULL) {
        fprintf(stderr, "hanscan run: %s: %s\n", o->out, strerror(errno));
        return HS_EXIT_USAGE;
      }
    }
    if (hs_writer_new(wr, *out ? *out : stdout, fmt) != HS_OK) {
      fprintf(stderr, "hanscan: out of memory\n");
      return HS_EXIT_FAILED;
    }
    return 0;
  }
  hs_buf name, pv, version;
  hs_buf_init(&name);
  hs_buf_init(&pv);
  hs_buf_init(&version);
  hs_engine_pack_field(e, "name", &name);
  hs_engine_pack_field(e, "version", &pv);
  const char *pname = name.len > 0 ? hs_buf_cstr(&name) : pack;
  hs_buf_printf(&version, "hanscan %s", HS_VERSION);
  if (pv.len > 0) hs_buf_printf(&version, "; %s %s", pname, hs_buf_cstr(&pv));
  char *cmdline = command_line(argc, argv);
  hs_runinfo run = {pname, hs_buf_cstr(&version), cmdline};
  char why[320];
  hs_status rc = hs_writer_open_db(wr, o->out, &run, why, sizeof why);
  free(cmdline);
  hs_buf_close(&name);
  hs_buf_close(&pv);
  hs_buf_close(&version);
  if (rc != HS_OK) {
    fprintf(stderr, "hanscan run: %s: %s\n", o->out, why);
    return rc == HS_ENOMEM ? HS_EXIT_FAILED : HS_EXIT_USAGE;
  }
  return 0;
}

static int cmd_run(int argc, char **argv) {
  opts o;
  int code = parse_opts(argc, argv, "run", "pojesdymR", &o);
  char *data = NULL, *lua_dir = NULL, *pack = NULL;
  hs_engine **engines = NULL;
  hs_source *w = NULL;
  hs_writer *wr = NULL;
  FILE *out = NULL;
  stats st = {0, 0, 0, 0, 0, 0.0};
  double t0 = hs_cli_now();
  if (code != 0) goto done;
  if (o.help) {
    fputs(usage_run, stdout);
    goto done;
  }
  if (o.npaths == 0) {
    fprintf(stderr, "hanscan run: no PATH given (see hanscan run --help)\n");
    code = HS_EXIT_USAGE;
    goto done;
  }
  hs_format fmt = HS_FMT_JSONL;
  const char *why = NULL;
  /* -o /dev/null (as - and no -o): JSON Lines, for timing runs */
  if ((o.out == NULL || strcmp(o.out, "/dev/null") != 0) &&
      hs_output_format_for(o.out, &fmt, &why) != HS_OK) {
    fprintf(stderr, "hanscan run: %s: %s\n", o.out, why);
    code = HS_EXIT_USAGE;
    goto done;
  }
  if (o.resume && fmt != HS_FMT_DB) {
    fprintf(stderr, "hanscan run: --resume needs a store (-o facts.db)\n");
    code = HS_EXIT_USAGE;
    goto done;
  }
  data = hs_cli_data_dir();
  lua_dir = data ? concat(data, "/lua") : NULL;
  if (lua_dir == NULL) {
    code = HS_EXIT_USAGE;
    goto done;
  }
  pack = resolve_pack(o.pack, data);
  if (pack == NULL) {
    code = HS_EXIT_USAGE;
    goto done;
  }
  engines = calloc((size_t)o.jobs, sizeof *engines);
  if (engines == NULL) {
    code = HS_EXIT_USAGE;
    goto done;
  }
  for (long i = 0; i < o.jobs; i++) {
    if (hs_engine_new(&engines[i], NULL, lua_dir) != HS_OK) {
      fprintf(stderr, "hanscan: cannot create a Lua state\n");
      code = HS_EXIT_USAGE;
      goto done;
    }
    if (hs_engine_load_pack(engines[i], pack) != HS_OK) {
      fprintf(stderr, "hanscan: cannot load pack %s: %s\n", pack,
              hs_engine_traceback(engines[i]));
      code = HS_EXIT_USAGE;
      goto done;
    }
    hs_engine_set_year(engines[i], o.year);
    hs_engine_set_lua_model(engines[i], o.lua_model);
    hs_engine_set_no_skip(engines[i], o.no_skip);
  }
  code = open_output(&o, fmt, engines[0], pack, argc, argv, &out, &wr);
  if (code != 0) goto done;
  hs_source_opts so = {o.max_size, o.max_depth};
  hs_decode_opts dopts = {o.encoding, NULL, NULL, HS_NORM_ALL, o.max_size};
  if (hs_source_new(&w, o.paths, o.npaths, &so, report_skip, &wr) != HS_OK) {
    fprintf(stderr, "hanscan: out of memory\n");
    code = HS_EXIT_FAILED;
    goto done;
  }
  int ok;
  if (o.jobs > 1) {
    ok = run_docs_parallel(w, engines, o.jobs, &dopts, fmt, wr, o.resume, &st);
  } else {
    ok = run_docs(w, engines[0], &dopts, fmt, wr, o.resume, &st);
  }
  if ((ok ? hs_writer_finish(wr) : hs_writer_flush(wr)) != HS_OK) {
    fprintf(stderr, "hanscan run: error writing %s: %s\n", o.out ? o.out : "-",
            hs_writer_errmsg(wr));
    ok = 0;
  }
  code =
      (ok && st.failed == 0 && st.damaged == 0) ? HS_EXIT_OK : HS_EXIT_FAILED;
  char extra[160] = "";
  size_t skipped = hs_source_skipped(w);
  int k = 0;
  if (skipped > 0) k = snprintf(extra, sizeof extra, ", %zu skipped", skipped);
  if (st.damaged > 0 && k >= 0 && (size_t)k < sizeof extra)
    k += snprintf(extra + k, sizeof extra - (size_t)k,
                  ", %zu with undecodable bytes", st.damaged);
  if (st.resumed > 0 && k >= 0 && (size_t)k < sizeof extra)
    snprintf(extra + k, sizeof extra - (size_t)k,
             ", %zu already stored (--resume)", st.resumed);
  fprintf(stderr,
          "hanscan: %zu documents, %zu facts, %zu failed, %.2f MB, "
          "%.2f s%s\n",
          st.docs, st.facts, st.failed, st.bytes / 1e6, hs_cli_now() - t0,
          extra);
done:
  hs_writer_free(wr);
  if (out != NULL && fclose(out) != 0 && code == HS_EXIT_OK)
    code = HS_EXIT_FAILED;
  hs_source_free(w);
  if (engines != NULL)
    for (long i = 0; i < o.jobs; i++)
      hs_engine_free(engines[i]);
  free(engines);
  free(pack);
  free(lua_dir);
  free(data);
  free(o.paths);
  return code;
}

/*{====================================================================
 * cat and ls
 *====================================================================}*/

/* Skip callback of ls: a line in the listing. */
static void list_skip(void *ud, const char *name, const char *why) {
  (void)ud;
  printf("%s\t-\t-\t-\tskipped (%s)\n", name, why);
}

/* Skip callback of cat: a line on stderr. */
static void cat_skip(void *ud, const char *name, const char *why) {
  (void)ud;
  fflush(stdout);
  fprintf(stderr, "%s: skipped (%s)\n", name, why);
}

/* The encoding column of ls: the name, with -BOM when a BOM was read. */
static void print_encoding(const hs_text *t) {
  fputs(t->encoding ? t->encoding : "-", stdout);
  if (t->had_bom) fputs("-BOM", stdout);
}

static int cmd_cat_ls(int argc, char **argv, int is_ls) {
  const char *cmd = is_ls ? "ls" : "cat";
  opts o;
  int code = parse_opts(argc, argv, cmd, is_ls ? "esd" : "esdr", &o);
  hs_source *w = NULL;
  hs_doc cur, nxt;
  hs_doc_init(&cur);
  hs_doc_init(&nxt);
  hs_text t;
  hs_text_init(&t);
  char *cur_msg = NULL;
  if (code != 0) goto done;
  if (o.help) {
    fputs(is_ls ? usage_ls : usage_cat, stdout);
    goto done;
  }
  if (o.npaths == 0) {
    fprintf(stderr, "hanscan %s: no PATH given\n", cmd);
    code = HS_EXIT_USAGE;
    goto done;
  }
  hs_source_opts so = {o.max_size, o.max_depth};
  if (hs_source_new(&w, o.paths, o.npaths, &so, is_ls ? list_skip : cat_skip,
                    NULL) != HS_OK) {
    code = HS_EXIT_FAILED;
    goto done;
  }
  /* cat: one document of lookahead tells whether to print headers; ls
   * reads one at a time so that skipped entries are listed in order */
  hs_status rc = hs_source_next(w, &cur);
  cur_msg = strdup(hs_source_errmsg(w));
  int headers = -1, failed = 0;
  while (rc != HS_DONE) {
    hs_status nrc = HS_DONE;
    if (!is_ls) {
      nrc = hs_source_next(w, &nxt);
      if (headers < 0) headers = nrc != HS_DONE;
    }
    const char *name = cur.name ? cur.name : "?";
    int read_ok = rc == HS_OK;
    if (rc == HS_OK) {
      hs_decode_opts d = {o.encoding, cur.format, name,
                          is_ls || o.raw ? 0u : (unsigned)HS_NORM_ALL,
                          o.max_size};
      rc = hs_text_decode_opts(&t, cur.data.data, cur.data.len, &d);
      free(cur_msg);
      cur_msg = strdup(t.msg);
    }
    const char *msg = cur_msg && *cur_msg ? cur_msg : hs_strerror(rc);
    if (rc != HS_OK) {
      failed++;
      fflush(stdout);
      fprintf(stderr, "%s: %s\n", name, msg);
      if (is_ls) {
        printf("%s\t%s\t", name, read_ok && t.format ? t.format : "-");
        if (read_ok && t.encoding)
          print_encoding(&t);
        else
          fputs("-", stdout);
        if (read_ok)
          printf("\t%zu\tFAILED: %s\n", cur.data.len, msg);
        else
          printf("\t-\tFAILED: %s\n", msg);
      }
    } else {
      if (t.replaced > 0) {
        failed++;
        fflush(stdout);
        fprintf(stderr,
                "%s: warning: %zu undecodable bytes replaced by U+FFFD (read "
                "as %s; first at byte %zu)\n",
                name, t.replaced, t.encoding, t.first_bad);
      }
      if (is_ls) {
        printf("%s\t%s\t", name, t.format);
        print_encoding(&t);
        printf("\t%zu\t", cur.data.len);
        if (t.replaced > 0)
          printf("ok (%zu bytes undecodable)\n", t.replaced);
        else
          puts("ok");
      } else {
        const hs_buf *b = o.raw ? &t.decoded : &t.norm;
        if (headers) printf("==> %s <==\n", name);
        fwrite(hs_buf_cstr(b), 1, b->len, stdout);
        if (headers && b->len > 0 && b->data[b->len - 1] != '\n') putchar('\n');
      }
    }
    if (is_ls) { /* no lookahead */
      nrc = hs_source_next(w, &nxt);
    }
    /* shift the lookahead */
    hs_doc tmp = cur;
    cur = nxt;
    nxt = tmp;
    rc = nrc;
    free(cur_msg);
    cur_msg = strdup(hs_source_errmsg(w));
  }
  if (fflush(stdout) != 0) failed++;
  code = failed ? HS_EXIT_FAILED : HS_EXIT_OK;
done:
  free(cur_msg);
  hs_doc_close(&cur);
  hs_doc_close(&nxt);
  hs_text_close(&t);
  hs_source_free(w);
  free(o.paths);
  return code;
}

/*{====================================================================
 * --lua-test
 *====================================================================}*/

static int cmd_lua_test(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: hanscan --lua-test FILE\n");
    return HS_EXIT_USAGE;
  }
  char *data = hs_cli_data_dir();
  char *lua_dir = data ? concat(data, "/lua") : NULL;
  hs_engine *e = NULL;
  hs_limits lim = {0, HS_ENGINE_INSTR_DEFAULT * 10, 0};
  int code = HS_EXIT_FAILED;
  if (lua_dir == NULL || hs_engine_new(&e, &lim, lua_dir) != HS_OK) {
    fprintf(stderr, "hanscan: cannot create a Lua state\n");
    goto done;
  }
  if (hs_engine_run_file(e, argv[2]) != HS_OK) {
    fprintf(stderr, "%s\n", hs_engine_traceback(e));
    goto done;
  }
  code = HS_EXIT_OK;
done:
  hs_engine_free(e);
  free(lua_dir);
  free(data);
  return code;
}

int hs_cli_main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage_main, stderr);
    return HS_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
      strcmp(cmd, "help") == 0) {
    fputs(usage_main, stdout);
    return HS_EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("hanscan %s (%s)\n", HS_VERSION, hs_engine_versions());
    return HS_EXIT_OK;
  }
  if (strcmp(cmd, "--lua-test") == 0) return cmd_lua_test(argc, argv);
  if (strcmp(cmd, "run") == 0) return cmd_run(argc, argv);
  if (strcmp(cmd, "cat") == 0) return cmd_cat_ls(argc, argv, 0);
  if (strcmp(cmd, "ls") == 0) return cmd_cat_ls(argc, argv, 1);
  if (strcmp(cmd, "try") == 0) return hs_cli_try(argc, argv);
  if (strcmp(cmd, "test") == 0) return hs_cli_test(argc, argv);
  if (strcmp(cmd, "exec") == 0) return hs_cli_exec(argc, argv);
  if (strcmp(cmd, "report") == 0) return hs_cli_report(argc, argv);
  fprintf(stderr, "hanscan: unknown command '%s' (see hanscan --help)\n", cmd);
  return HS_EXIT_USAGE;
}

int main(int argc, char **argv) {
  return hs_cli_main(argc, argv);
}
