/* SPDX-License-Identifier: MIT */
/*
 * The hanscan command line: argument parsing, data-dir and pack lookup, and
 * the run, cat, ls and --lua-test commands. Documents come from the source
 * (source.c: folders, archives, nested archives), go through
 * hs_pipeline_doc_opts (decode, rules, formatting) and are written in
 * document order. With -j N (1 too), N workers each own an engine; the main
 * thread reads documents and writes results in order (to a FILE, or to the
 * SQLite store one document per transaction, with its documents row).
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
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include "../base/base.h"
#include "../decode/decode.h"
#include "../engine/engine.h"
#include "../output/output.h"
#include "../walk/walk.h"
#include "cli_int.h"
#include "progress.h"
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
    "  -j, --jobs N        worker threads that decode and extract, one Lua\n"
    "                      state each (default: the number of cores, at most\n"
    "                      16), beside the thread that reads and writes\n"
    "                      (from -j8 on, workers read text files themselves;\n"
    "                      they run at nice +5, so that that thread is never\n"
    "                      short of time); records stay in document order\n"
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
    "      --no-progress   no progress line (on a terminal, a run longer\n"
    "                      than a second shows one on stderr)\n"
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
  int no_progress; /* run --no-progress */
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
    if (strcmp(a, "--no-progress") == 0 && strchr(allowed, 'P') != NULL) {
      o->no_progress = 1;
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
  hs_progress *progress; /* erased before anything else goes to stderr */
} stats;

/* Redraws the progress line if it is due. */
static void tick(stats *st) {
  hs_progress_tick(st->progress, st->docs, st->facts, st->failed, st->bytes);
}

/* Items the source skips are reported from inside hs_source_next, that is
 * while documents are read, which runs ahead of writing. They are queued
 * and handed to the slot of the next document, and written just before it:
 * stderr and the store see them in walk order, as with one thread. */
typedef struct skips {
  hs_writer *wr; /* where skipped rows go (a store); may be NULL */
  hs_buf queue;  /* "name\0why\0" items not yet given to a slot */
} skips;

/* One line on stderr; in a store, a documents row with status skipped. */
static void write_skip(hs_writer *wr, const char *name, const char *why) {
  fprintf(stderr, "%s: skipped (%s)\n", name, why);
  if (wr != NULL && hs_writer_run_id(wr) != 0) {
    hs_docinfo d = {name, "skipped", NULL, NULL, -1, why};
    if (hs_writer_doc(wr, &d, NULL, 0) != HS_OK)
      fprintf(stderr, "hanscan run: %s: %s\n", name, hs_writer_errmsg(wr));
  }
}

/* Writes the items queued in q (as report_skip stores them) and empties
 * it. */
static void write_skips(hs_writer *wr, hs_buf *q) {
  size_t i = 0;
  while (i < q->len) {
    const char *name = q->data + i;
    const char *why = name + strlen(name) + 1;
    i = (size_t)(why - q->data) + strlen(why) + 1;
    write_skip(wr, name, why);
  }
  hs_buf_reset(q);
}

/* Skip callback of run. ud: the skips. */
static void report_skip(void *ud, const char *name, const char *why) {
  skips *k = ud;
  size_t nn = strlen(name) + 1, nw = strlen(why) + 1;
  if (hs_buf_reserve(&k->queue, nn + nw) == HS_OK) {
    hs_buf_append(&k->queue, name, nn); /* cannot fail after the reserve */
    hs_buf_append(&k->queue, why, nw);
    return;
  }
  write_skip(k->wr, name, why); /* out of memory: now, out of order */
}

/* One document slot of the ordered ring. */
typedef struct slot {
  hs_doc doc;
  hs_doc_result res;
  hs_buf skips;      /* items skipped just before this document */
  hs_status walk_rc; /* != HS_OK: the walker failed on this path */
  char *walk_msg;
  size_t raw;  /* bytes read, or to read (counted in the pool's held) */
  int resumed; /* --resume: already in the store, not processed */
  int done;    /* processed (under the pool's mutex) */
  int owner;   /* the worker whose buffer res.records is, or -1 */
} slot;

/* A worker's record buffers not in use, the last returned on top: each
 * worker writes records into memory of its own, still in its core's
 * cache, not into what the other workers wrote last. */
typedef struct spares {
  hs_buf *b;
  size_t n;
} spares;

/* A record buffer larger than this is freed when returned. */
#define SPARE_KEEP ((size_t)1 << 20)

/* The ring: the main thread reads documents into slots [tail, ...) and
 * writes finished ones from head; workers take slots from next. Only the
 * main thread moves head and tail, so slots in [head, tail) that are done,
 * and the free ones, are its own outside the mutex. */
typedef struct pool {
  pthread_mutex_t mu;
  pthread_cond_t work; /* workers: a slot was filled, or the end */
  pthread_cond_t room; /* the main thread: `want` slots are done */
  slot *slots;
  size_t nslots;
  size_t head;  /* next sequence number to write */
  size_t tail;  /* next sequence number to fill */
  size_t next;  /* next sequence number to process */
  size_t ndone; /* done slots in [head, tail) */
  size_t want;  /* > 0: the main thread sleeps until the head slot and this
                   many in all are done */
  size_t stop;  /* slots from here on are dropped (SIZE_MAX: none) */
  size_t oom;   /* the slot a worker ran out of memory on (SIZE_MAX: none) */
  size_t held;  /* raw bytes of the slots in [head, tail) (main thread) */
  size_t min_ahead; /* slots kept in flight whatever their size */
  int idle;         /* workers waiting for work */
  int live;         /* workers started and not given up (no engine) */
  int closed;       /* no more documents */
  const hs_decode_opts *dopts;
  hs_format fmt;
  size_t max_raw; /* the source's cap, for hs_doc_read */
  spares *spares; /* per worker (under mu), nslots room each */
} pool;

/* Slots per worker. Enough that the main thread can sleep while the
 * workers go through half the ring: it is woken once per half ring, not
 * once per document, and takes a core from a worker only that often. */
#define RING_PER_JOB      24
/* Files the ring may hold open for the workers to read (the usual limit
 * of a process is 1024). */
#define MAX_OPEN          512
/* From this many workers on, the workers read text files themselves (see
 * hs_doc_read). Below it this thread reads every file whole: it reads a
 * file in about a tenth of the time a worker takes to extract it, so it
 * keeps up with them, and a file it reads whole is sniffed from memory,
 * where a file left open needs a read of its first 512 bytes here and a
 * second look-up in the page cache by the worker. Measured at -j2 on two
 * cores: 1.6 to 2.4% faster than the workers reading (alternating runs). */
#define WORKERS_READ_FROM 8

/* An idle worker is woken for a filled slot only when no worker runs, or
 * when more than this many filled slots per running worker wait; and every
 * idle worker when this thread stops filling (the ring is full: it is
 * ahead). Below that backlog the running workers keep up with this thread,
 * which is then the slower side (inflating an archive), and a worker woken
 * for each slot only makes three threads share two cores. Measured at -j2
 * (alternating runs): the zip 6% faster (7 pairs; now 1.02 of the -j1 time,
 * against 1.06 when every slot woke a worker), the plain folder and the
 * GB18030 subset unchanged (11 pairs each), the tar.gz 1% slower. */
#define WAKE_BACKLOG 8

/* Past this many raw bytes in the ring, only min_ahead slots are filled:
 * big documents do not fill every slot, the memory held stays about this
 * plus a document per worker. */
#define RING_BYTES ((size_t)64 << 20)

/* What every worker's engine is made of (run's options). */
typedef struct engine_spec {
  const char *lua_dir;
  const char *pack;
  int year, lua_model, no_skip;
} engine_spec;

/* Makes an engine with the pack loaded and run's options set; on failure
 * *out is NULL and why[0, cap) says why. */
static hs_status make_engine(hs_engine **out, const engine_spec *sp, char *why,
                             size_t cap) {
  hs_status rc = hs_engine_new(out, NULL, sp->lua_dir);
  if (rc != HS_OK) {
    snprintf(why, cap, "cannot create a Lua state");
    return rc;
  }
  rc = hs_engine_load_pack(*out, sp->pack);
  if (rc != HS_OK) {
    snprintf(why, cap, "cannot load pack %s: %s", sp->pack,
             hs_engine_traceback(*out));
    hs_engine_free(*out);
    *out = NULL;
    return rc;
  }
  hs_engine_set_year(*out, sp->year);
  hs_engine_set_lua_model(*out, sp->lua_model);
  hs_engine_set_no_skip(*out, sp->no_skip);
  return HS_OK;
}

typedef struct worker {
  pool *p;
  hs_engine **e; /* *e NULL: the worker makes it (the caller frees it) */
  const engine_spec *spec;
  int n;
} worker;

/* Extracts the document of slot s; a file the source left open is read
 * here first (into the slot's buffer, kept from its document before). */
static void process_slot(hs_engine *e, hs_text *t, slot *s,
                         const hs_decode_opts *dopts, hs_format fmt,
                         size_t max_raw, int *fatal) {
  if (s->walk_rc != HS_OK || s->resumed) return;
  if (s->doc.fd >= 0) { /* left open by the source: read here, in parallel */
    char m[256];
    hs_status rc = hs_doc_read(&s->doc, max_raw, m, sizeof m);
    if (rc != HS_OK) { /* then reported as the source's failures are */
      s->walk_rc = rc;
      s->walk_msg = strdup(m);
      return;
    }
  }
  if (hs_pipeline_doc_opts(e, t, &s->doc, dopts, fmt, &s->res) != HS_OK)
    *fatal = 1;
  /* the raw bytes are done with: emptied now, and their buffer kept for
   * the next document unless it is large */
  hs_buf_recycle(&s->doc.data, HS_DOC_KEEP);
}

static void *worker_main(void *arg) {
  worker *w = arg;
  pool *p = w->p;
#ifdef __linux__
  /* The workers yield to the main thread, which feeds them all: when it
   * inflates an archive it needs most of a core, and at -j2 on two cores
   * the three threads would otherwise share them equally. Linux sets nice
   * values per thread; failing to is harmless. */
  (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid),
                    getpriority(PRIO_PROCESS, 0) + 5);
  /* named, for top -H and perf: the main thread keeps "hanscan" */
  (void)pthread_setname_np(pthread_self(), "hanscan-worker");
#endif
  if (*w->e == NULL) {
    char why[512];
    if (make_engine(w->e, w->spec, why, sizeof why) != HS_OK) {
      /* the pack loaded for the first worker: this is a shortage, and the
       * other workers take the documents this one cannot */
      fprintf(stderr, "hanscan: worker %d: %s\n", w->n + 1, why);
      pthread_mutex_lock(&p->mu);
      p->live--;
      pthread_mutex_unlock(&p->mu);
      return NULL;
    }
  }
  hs_text t;
  hs_text_init(&t);
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->next == p->tail && !p->closed) {
      p->idle++;
      pthread_cond_wait(&p->work, &p->mu);
      p->idle--;
    }
    if (p->next == p->tail) break;
    size_t seq = p->next++;
    slot *s = &p->slots[seq % p->nslots];
    spares *sp = &p->spares[w->n];
    if (sp->n > 0 && s->res.records.data == NULL) {
      s->res.records = sp->b[--sp->n];
      hs_buf_init(&sp->b[sp->n]);
    }
    s->owner = w->n;
    int fatal = 0, drop = seq >= p->stop;
    pthread_mutex_unlock(&p->mu);
    if (!drop) process_slot(*w->e, &t, s, p->dopts, p->fmt, p->max_raw, &fatal);
    pthread_mutex_lock(&p->mu);
    if (fatal && seq < p->stop) p->stop = p->oom = seq;
    s->done = 1;
    p->ndone++;
    if (p->want > 0 && p->ndone >= p->want &&
        p->slots[p->head % p->nslots].done) {
      p->want = 0;
      pthread_cond_signal(&p->room);
    }
  }
  pthread_mutex_unlock(&p->mu);
  hs_text_close(&t);
  return NULL;
}

/* Empties a slot for its next document (keeping usual-sized buffers). */
static void release(slot *s) {
  hs_doc_clear(&s->doc);
  free(s->walk_msg);
  s->walk_msg = NULL;
  hs_doc_result_reset(&s->res);
  hs_buf_reset(&s->skips);
}

/* Writes one finished slot (the items skipped before it, its records, and
 * in a store its documents row) and accounts for it. The records are held
 * by the writer, not copied: the slot is released only after
 * hs_writer_sync. 0 when the writer failed (reported). */
static int emit(slot *s, hs_writer *wr, stats *st) {
  int ok = 1;
  /* records held so far go out before this slot's lines on stderr, so
   * that a terminal shows both in document order (a failure to write is
   * kept by the writer and told at the end) */
  if (s->skips.len > 0 || s->walk_rc != HS_OK || s->res.errors.len > 0) {
    (void)hs_writer_sync(wr);
    hs_progress_clear(st->progress);
  }
  write_skips(wr, &s->skips);
  st->docs++;
  const char *name = s->doc.name ? s->doc.name : "?";
  hs_docinfo d = {name, "ok", NULL, NULL, -1, NULL};
  const char *p = NULL;
  size_t n = 0;
  if (s->resumed) {
    st->resumed++;
    return ok;
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
  if (hs_writer_doc_held(wr, &d, p, n) != HS_OK) {
    hs_progress_clear(st->progress);
    fprintf(stderr, "hanscan run: %s: %s\n", name, hs_writer_errmsg(wr));
    ok = 0;
  }
  return ok;
}

/* Reads the next document into s, with the items skipped before it. With
 * resume, a document the store already holds (ok, same size) is marked
 * resumed. */
static hs_status fill_slot(hs_source *w, slot *s, stats *st, hs_writer *wr,
                           int resume, skips *k) {
  hs_status rc = hs_source_next(w, &s->doc);
  s->walk_rc = rc;
  s->resumed = 0;
  free(s->walk_msg);
  s->walk_msg = NULL;
  if (rc == HS_DONE) return rc; /* trailing skips stay queued */
  hs_buf_swap(&s->skips, &k->queue);
  if (rc != HS_OK) s->walk_msg = strdup(hs_source_errmsg(w));
  /* a document left open (see hs_doc_read) is still to be read */
  s->raw = s->doc.fd >= 0 ? (size_t)s->doc.size : s->doc.data.len;
  if (rc == HS_OK && resume && s->doc.name != NULL &&
      hs_writer_has_doc(wr, s->doc.name, (long long)s->raw))
    s->resumed = 1;
  st->bytes += (double)s->raw;
  return rc;
}

/* One thread: read, process, write, document by document. Used when no
 * worker thread can be started. */
static int run_docs(hs_source *w, hs_engine *e, const hs_decode_opts *dopts,
                    hs_format fmt, hs_writer *wr, int resume, skips *k,
                    stats *st) {
  slot s;
  memset(&s, 0, sizeof s);
  hs_doc_init(&s.doc);
  hs_doc_result_init(&s.res);
  hs_buf_init(&s.skips);
  hs_text t;
  hs_text_init(&t);
  int ok = 1, fatal = 0, end = 0;
  while (!end) {
    if (fill_slot(w, &s, st, wr, resume, k) == HS_DONE) {
      hs_progress_clear(st->progress);
      write_skips(wr, &k->queue);
      end = 1;
      continue;
    }
    process_slot(e, &t, &s, dopts, fmt, hs_source_max_raw(w), &fatal);
    if (fatal) {
      hs_progress_clear(st->progress);
      write_skips(wr, &s.skips);
      fprintf(stderr, "hanscan: out of memory\n");
      ok = 0;
      break;
    }
    int written = emit(&s, wr, st) && hs_writer_sync(wr) == HS_OK;
    release(&s);
    tick(st);
    if (!written) {
      ok = 0;
      break;
    }
  }
  hs_doc_close(&s.doc);
  free(s.walk_msg);
  hs_doc_result_close(&s.res);
  hs_buf_close(&s.skips);
  hs_text_close(&t);
  return ok;
}

/* The main thread's part with workers: fills free slots (each handed to
 * the workers at once), writes done ones in order, and otherwise sleeps
 * until half the ring is done. Reading overlaps extraction, with -j1 too. */
static void main_loop(pool *p, hs_source *w, hs_writer *wr, int resume,
                      skips *k, stats *st, int *ok) {
  int end = 0; /* the source is exhausted */
  pthread_mutex_lock(&p->mu);
  for (;;) {
    size_t m = 0; /* done slots at the head */
    while (p->head + m < p->tail && p->slots[(p->head + m) % p->nslots].done)
      m++;
    if (m > 0) {
      /* a worker can lower stop meanwhile, but only to a slot it has
       * not finished, past these */
      size_t stop = p->stop, oom = p->oom;
      pthread_mutex_unlock(&p->mu);
      for (size_t i = 0; i < m; i++) {
        size_t seq = p->head + i;
        slot *s = &p->slots[seq % p->nslots];
        p->held -= s->raw;
        if (seq < stop) {
          if (!emit(s, wr, st)) {
            *ok = 0;
            stop = seq + 1; /* the writer failed: read and write no more */
          }
          continue;
        }
        /* as with one thread: what was read before the failure is told */
        if (seq == oom && *ok) write_skips(wr, &s->skips);
      }
      /* the records of these slots leave in one write, then the slots
       * are free (a failure is told when the writer is flushed) */
      if (hs_writer_sync(wr) != HS_OK) {
        *ok = 0;
        if (p->head + m < stop) stop = p->head + m;
      }
      for (size_t i = 0; i < m; i++)
        release(&p->slots[(p->head + i) % p->nslots]);
      tick(st);
      pthread_mutex_lock(&p->mu);
      if (stop < p->stop) p->stop = stop;
      for (size_t i = 0; i < m; i++) {
        slot *s = &p->slots[(p->head + i) % p->nslots];
        s->done = 0;
        if (s->owner >= 0) { /* the record buffer back to its worker */
          spares *sp = &p->spares[s->owner];
          if (s->res.records.cap <= SPARE_KEEP && sp->n < p->nslots)
            sp->b[sp->n++] = s->res.records;
          else
            hs_buf_close(&s->res.records);
          hs_buf_init(&s->res.records);
          s->owner = -1;
        }
      }
      p->head += m;
      p->ndone -= m;
      continue;
    }
    if (!p->closed && p->tail >= p->stop) {
      p->closed = 1; /* stopping: read no more */
      pthread_cond_broadcast(&p->work);
    }
    if (p->closed && p->head == p->tail) break;
    if (!p->closed && p->tail - p->head < p->nslots &&
        (p->held < RING_BYTES || p->tail - p->head < p->min_ahead)) {
      size_t n = p->nslots - (p->tail - p->head);
      pthread_mutex_unlock(&p->mu);
      for (size_t i = 0; i < n; i++) {
        slot *s = &p->slots[p->tail % p->nslots];
        hs_status rc = fill_slot(w, s, st, wr, resume, k);
        if (rc != HS_DONE) p->held += s->raw;
        pthread_mutex_lock(&p->mu);
        if (rc == HS_DONE) {
          end = 1;
          p->closed = 1;
          pthread_cond_broadcast(&p->work);
        } else {
          /* slots with walker failures go through a worker too (which
           * skips them), so that every slot takes the same path */
          p->tail++;
          size_t running = (size_t)(p->live - p->idle);
          if (p->idle > 0 &&
              (running == 0 || p->tail - p->next > running * WAKE_BACKLOG))
            pthread_cond_signal(&p->work);
        }
        int more = !p->closed && p->tail < p->stop &&
                   (p->held < RING_BYTES || p->tail - p->head < p->min_ahead);
        pthread_mutex_unlock(&p->mu);
        if (!more) break;
      }
      pthread_mutex_lock(&p->mu);
      continue;
    }
    /* nothing more to fill for now (the ring is full, or the source is
     * done): every idle worker to work, then wait for half of what is in
     * flight (half the ring), not for each document */
    if (p->idle > 0 && p->next < p->tail) pthread_cond_broadcast(&p->work);
    size_t left = p->tail - p->head;
    p->want = left > 1 ? left / 2 : 1;
    while (p->want > 0)
      pthread_cond_wait(&p->room, &p->mu);
  }
  size_t oom = p->oom;
  pthread_mutex_unlock(&p->mu);
  hs_progress_clear(st->progress);
  if (end && *ok && oom == SIZE_MAX) write_skips(wr, &k->queue);
  if (oom != SIZE_MAX) {
    fprintf(stderr, "hanscan: out of memory\n");
    *ok = 0;
  }
}

/* Runs the documents of w with `jobs` worker threads (>= 1) while this
 * thread reads and writes. engines[0] is made; worker i > 0 makes
 * engines[i] from spec as it starts (freed by the caller). */
static int run_docs_parallel(hs_source *w, hs_engine **engines,
                             const engine_spec *spec, long jobs,
                             const hs_decode_opts *dopts, hs_format fmt,
                             hs_writer *wr, int resume, skips *k, stats *st) {
  pool p;
  memset(&p, 0, sizeof p);
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.work, NULL);
  pthread_cond_init(&p.room, NULL);
  p.nslots = (size_t)jobs * RING_PER_JOB;
  p.stop = p.oom = SIZE_MAX;
  p.min_ahead = (size_t)jobs * 2;
  p.slots = calloc(p.nslots, sizeof *p.slots);
  p.dopts = dopts;
  p.fmt = fmt;
  p.max_raw = hs_source_max_raw(w);
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
    hs_buf_init(&p.slots[i].skips);
    p.slots[i].owner = -1;
  }
  p.spares = calloc((size_t)jobs, sizeof *p.spares);
  int room = p.spares != NULL;
  for (long i = 0; room && i < jobs; i++)
    room = (p.spares[i].b = calloc(p.nslots, sizeof(hs_buf))) != NULL;
  if (!room) {
    fprintf(stderr, "hanscan: out of memory\n");
    ok = 0;
    goto out;
  }
  long started = 0;
  p.live = (int)jobs; /* less those that do not start, below */
  for (long i = 0; i < jobs; i++) {
    ws[i].p = &p;
    ws[i].e = &engines[i];
    ws[i].spec = spec;
    ws[i].n = (int)i;
    if (pthread_create(&th[i], NULL, worker_main, &ws[i]) != 0) break;
    started++;
  }
  pthread_mutex_lock(&p.mu);
  p.live -= (int)(jobs - started);
  pthread_mutex_unlock(&p.mu);
  if (started == 0) {
    ok = run_docs(w, engines[0], dopts, fmt, wr, resume, k, st);
  } else {
    main_loop(&p, w, wr, resume, k, st, &ok);
    for (long i = 0; i < started; i++)
      pthread_join(th[i], NULL);
  }
out:
  for (long i = 0; p.spares != NULL && i < jobs; i++) {
    for (size_t j = 0; p.spares[i].b != NULL && j < p.spares[i].n; j++)
      hs_buf_close(&p.spares[i].b[j]);
    free(p.spares[i].b);
  }
  free(p.spares);
  if (p.slots != NULL) {
    for (size_t i = 0; i < p.nslots; i++) {
      hs_doc_close(&p.slots[i].doc);
      hs_doc_result_close(&p.slots[i].res);
      free(p.slots[i].walk_msg);
      hs_buf_close(&p.slots[i].skips);
    }
  }
  free(p.slots);
  free(ws);
  free(th);
  pthread_cond_destroy(&p.room);
  pthread_cond_destroy(&p.work);
  pthread_mutex_destroy(&p.mu);
  return ok;
}

/* Resolves -p PACK to a folder. Owned by the caller, or NULL (reported). */
static char *resolve_pack(const char *pack, const char *data) {
  return hs_cli_find_pack(pack, data); /* common.c: the pack search path */
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
    /* records leave in 1 MB writes, not a write per 4 KB: the main
     * thread writes for every worker (glibc takes the size only with a
     * buffer; there is one output per run) */
    static char outbuf[(size_t)1 << 20];
    FILE *f = *out ? *out : stdout;
    if (*out != NULL || !isatty(fileno(stdout)))
      setvbuf(f, outbuf, _IOFBF, sizeof outbuf);
    if (hs_writer_new(wr, f, fmt) != HS_OK) {
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
  int code = parse_opts(argc, argv, "run", "pojesdymRP", &o);
  char *data = NULL, *lua_dir = NULL, *pack = NULL;
  hs_engine **engines = NULL;
  hs_source *w = NULL;
  hs_writer *wr = NULL;
  FILE *out = NULL;
  hs_progress progress;
  stats st = {0, 0, 0, 0, 0, 0.0, &progress};
  skips sk = {NULL, {NULL, 0, 0}};
  engine_spec espec;
  double t0 = hs_cli_now();
  hs_progress_init(&progress, !o.no_progress, t0, "hanscan", "facts");
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
  /* the first engine here, so that a pack that does not load stops the run
   * before it starts; the other workers make theirs as they start, at the
   * same time as each other */
  espec = (engine_spec){lua_dir, pack, o.year, o.lua_model, o.no_skip};
  char why_engine[512];
  if (make_engine(&engines[0], &espec, why_engine, sizeof why_engine) !=
      HS_OK) {
    fprintf(stderr, "hanscan: %s\n", why_engine);
    code = HS_EXIT_USAGE;
    goto done;
  }
  code = open_output(&o, fmt, engines[0], pack, argc, argv, &out, &wr);
  if (code != 0) goto done;
  /* with many workers, they read text files themselves (see
   * hs_doc_read), each slot of the ring holding its file open until then:
   * with a ring that would hold more than MAX_OPEN files, this thread
   * reads them */
  hs_source_opts so = {o.max_size, o.max_depth,
                       o.jobs >= WORKERS_READ_FROM &&
                           (size_t)o.jobs * RING_PER_JOB <= MAX_OPEN};
  hs_decode_opts dopts = {o.encoding, NULL, NULL, HS_NORM_ALL, o.max_size};
  sk.wr = wr;
  if (hs_source_new(&w, o.paths, o.npaths, &so, report_skip, &sk) != HS_OK) {
    fprintf(stderr, "hanscan: out of memory\n");
    code = HS_EXIT_FAILED;
    goto done;
  }
  /* with -j1 too: one worker extracts while this thread reads */
  int ok = run_docs_parallel(w, engines, &espec, o.jobs, &dopts, fmt, wr,
                             o.resume, &sk, &st);
  hs_progress_clear(&progress);
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
  hs_buf_close(&sk.queue);
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
  hs_source_opts so = {o.max_size, o.max_depth, 0};
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
