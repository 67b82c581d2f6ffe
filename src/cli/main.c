/* SPDX-License-Identifier: MIT */
/*
 * The hanscan command line: argument parsing, data-dir and pack lookup, and
 * the run, cat, ls and --lua-test commands. Documents come from the walker,
 * go through hs_pipeline_doc (decode, rules, formatting) and are written in
 * document order. With -j N, N workers each own an engine; the main thread
 * reads documents and writes results in order.
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

#ifndef HS_VERSION
#define HS_VERSION "0.0.0"
#endif
#ifndef HS_SOURCE_DIR
#define HS_SOURCE_DIR "."
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
    "  cat PATH...       decoded, normalized text of each document\n"
    "  ls PATH...        the documents found, with encoding and size\n"
    "  --lua-test FILE   run a Lua test file inside the sandbox\n"
    "  --version         print the version\n"
    "  --help            print this help\n"
    "\n"
    "PATH is a file, a folder (walked recursively, sorted by name) or -\n"
    "(standard input). Exit status: 0 all documents read, 1 some could not\n"
    "be read (each reported on stderr), 2 bad usage or a pack that fails to\n"
    "load.\n";

static const char usage_run[] =
    "usage: hanscan run [-p PACK] [-o OUT] [-j N] [--encoding ENC] PATH...\n"
    "\n"
    "Runs a rule pack over every document and writes one fact per record.\n"
    "\n"
    "options:\n"
    "  -p, --pack PACK     a pack folder, or the name of an installed pack\n"
    "                      (looked up in <data>/rules/PACK); default devzone\n"
    "  -o, --output OUT    output file; the extension picks the format:\n"
    "                      .jsonl (JSON Lines) or .csv (RFC 4180, CRLF);\n"
    "                      default: JSON Lines on standard output\n"
    "  -j, --jobs N        worker threads, one Lua state each (default 1);\n"
    "                      records stay in document order\n"
    "      --encoding ENC  input encoding; only utf-8 (or auto) for now\n"
    "  -h, --help          print this help\n"
    "\n"
    "Record fields: doc, indicator, measure, value, unit, period, zone,\n"
    "span, offset, rule (+ approx, subject, scope in JSON Lines when set).\n"
    "span is the text as written in the document and offset its byte offset\n"
    "in the decoded document. A one-line summary ends every run on stderr.\n";

static const char usage_cat[] =
    "usage: hanscan cat [--encoding ENC] PATH...\n"
    "\n"
    "Prints the normalized text of each document (what the rules read).\n"
    "With more than one document each is preceded by a line\n"
    "\"==> name <==\" and ends with a newline.\n";

static const char usage_ls[] =
    "usage: hanscan ls [--encoding ENC] PATH...\n"
    "\n"
    "Prints one line per document: name, encoding (UTF-8 or UTF-8-BOM) and\n"
    "size in bytes, separated by tabs. A document that cannot be read is\n"
    "listed as: name, FAILED, size (or -), reason.\n";

/*{====================================================================
 * Small helpers
 *====================================================================}*/

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *concat(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  char *p = malloc(la + lb + 1);
  if (p == NULL) return NULL;
  memcpy(p, a, la);
  memcpy(p + la, b, lb + 1);
  return p;
}

/* The data dir: $HANSCAN_HOME; else <exe dir>/../share/hanscan when it
 * holds lua/hanscan; else the source tree this binary was built from.
 * Owned by the caller; NULL only when out of memory. */
static char *data_dir(void) {
  const char *home = getenv("HANSCAN_HOME");
  if (home != NULL && *home != '\0') return strdup(home);
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash != NULL) {
      *slash = '\0';
      char *d = concat(exe, "/../share/hanscan");
      char *probe = d ? concat(d, "/lua/hanscan") : NULL;
      int ok = probe != NULL && is_dir(probe);
      free(probe);
      if (ok) return d;
      free(d);
    }
  }
  return strdup(HS_SOURCE_DIR);
}

/*{====================================================================
 * Options
 *====================================================================}*/

typedef struct opts {
  const char *pack;
  const char *out;
  const char *encoding;
  long jobs;
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
  o->jobs = 1;
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
            "hanscan %s: unsupported encoding '%s' (only utf-8 for now)\n", cmd,
            o->encoding);
    return HS_EXIT_USAGE;
  }
  return 0;
}

/*{====================================================================
 * run
 *====================================================================}*/

typedef struct stats {
  size_t docs, facts, failed;
  double bytes;
} stats;

/* One document slot of the ordered queue used with -j. */
typedef struct slot {
  hs_doc doc;
  hs_doc_result res;
  hs_status walk_rc; /* != HS_OK: the walker failed on this path */
  char *walk_msg;
  int state; /* 0 free, 1 filled (to process), 2 taken, 3 done */
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
  const char *encoding;
  hs_format fmt;
  hs_engine **engines;
} pool;

typedef struct worker {
  pool *p;
  hs_engine *e;
} worker;

static void process_slot(hs_engine *e, hs_text *t, slot *s, const char *enc,
                         hs_format fmt, int *fatal) {
  if (s->walk_rc != HS_OK) return;
  if (hs_pipeline_doc(e, t, &s->doc, enc, fmt, &s->res) != HS_OK) *fatal = 1;
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
    process_slot(w->e, &t, s, p->encoding, p->fmt, &fatal);
    pthread_mutex_lock(&p->mu);
    if (fatal) p->fatal = 1;
    s->state = 3;
    pthread_cond_broadcast(&p->cv);
  }
  pthread_mutex_unlock(&p->mu);
  hs_text_close(&t);
  return NULL;
}

/* Writes one finished slot and accounts for it. */
static int emit(slot *s, hs_writer *wr, stats *st) {
  int ok = 1;
  st->docs++;
  if (s->walk_rc != HS_OK) {
    fprintf(stderr, "%s: %s\n", s->doc.name ? s->doc.name : "?",
            s->walk_msg ? s->walk_msg : hs_strerror(s->walk_rc));
    st->failed++;
  } else {
    if (s->res.errors.len > 0)
      fwrite(s->res.errors.data, 1, s->res.errors.len, stderr);
    if (hs_writer_raw(wr, s->res.records.data, s->res.records.len) != HS_OK)
      ok = 0;
    st->facts += s->res.facts;
    st->failed += (size_t)s->res.failed;
  }
  hs_doc_close(&s->doc);
  free(s->walk_msg);
  s->walk_msg = NULL;
  hs_doc_result_reset(&s->res);
  return ok;
}

static hs_status fill_slot(hs_walk *w, slot *s, stats *st) {
  hs_status rc = hs_walk_next(w, &s->doc);
  s->walk_rc = rc;
  free(s->walk_msg);
  s->walk_msg = NULL;
  if (rc == HS_DONE) return rc;
  if (rc != HS_OK) s->walk_msg = strdup(hs_walk_errmsg(w));
  st->bytes += (double)s->doc.data.len;
  return rc;
}

static int run_docs_parallel(hs_walk *w, hs_engine **engines, long jobs,
                             const char *enc, hs_format fmt, hs_writer *wr,
                             stats *st) {
  pool p;
  memset(&p, 0, sizeof p);
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.cv, NULL);
  p.nslots = (size_t)jobs * 4;
  p.slots = calloc(p.nslots, sizeof *p.slots);
  p.encoding = enc;
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
      if (!emit(s, wr, st)) ok = 0;
      pthread_mutex_lock(&p.mu);
      s->state = 0;
      p.head++;
    }
    if (p.closed && p.head == p.tail) break;
    if (!p.closed && p.tail - p.head < p.nslots && !p.fatal) {
      slot *s = &p.slots[p.tail % p.nslots];
      pthread_mutex_unlock(&p.mu);
      hs_status rc = fill_slot(w, s, st);
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
  if (p.fatal) {
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

static int run_docs(hs_walk *w, hs_engine *e, const char *enc, hs_format fmt,
                    hs_writer *wr, stats *st) {
  slot s;
  memset(&s, 0, sizeof s);
  hs_doc_init(&s.doc);
  hs_doc_result_init(&s.res);
  hs_text t;
  hs_text_init(&t);
  int ok = 1, fatal = 0;
  while (fill_slot(w, &s, st) != HS_DONE) {
    process_slot(e, &t, &s, enc, fmt, &fatal);
    if (fatal) {
      fprintf(stderr, "hanscan: out of memory\n");
      ok = 0;
      break;
    }
    if (!emit(&s, wr, st)) ok = 0;
  }
  hs_doc_close(&s.doc);
  free(s.walk_msg);
  hs_doc_result_close(&s.res);
  hs_text_close(&t);
  return ok;
}

/* Resolves -p PACK to a folder. Owned by the caller, or NULL (reported). */
static char *resolve_pack(const char *pack, const char *data) {
  if (pack == NULL) pack = "devzone";
  if (is_dir(pack)) return strdup(pack);
  if (strchr(pack, '/') == NULL) {
    char *rules = concat(data, "/rules/");
    char *p = rules ? concat(rules, pack) : NULL;
    free(rules);
    if (p != NULL && is_dir(p)) return p;
    fprintf(stderr, "hanscan: pack '%s' not found (not a folder, and no %s)\n",
            pack, p ? p : "?");
    free(p);
    return NULL;
  }
  fprintf(stderr, "hanscan: pack '%s' not found (not a folder)\n", pack);
  return NULL;
}

static int cmd_run(int argc, char **argv) {
  opts o;
  int code = parse_opts(argc, argv, "run", "poje", &o);
  char *data = NULL, *lua_dir = NULL, *pack = NULL;
  hs_engine **engines = NULL;
  hs_walk *w = NULL;
  hs_writer *wr = NULL;
  FILE *out = NULL;
  stats st = {0, 0, 0, 0.0};
  double t0 = now_s();
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
  hs_format fmt;
  const char *why = NULL;
  if (hs_output_format_for(o.out, &fmt, &why) != HS_OK) {
    fprintf(stderr, "hanscan run: %s: %s\n", o.out, why);
    code = HS_EXIT_USAGE;
    goto done;
  }
  data = data_dir();
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
  }
  if (o.out != NULL && strcmp(o.out, "-") != 0) {
    out = fopen(o.out, "w");
    if (out == NULL) {
      fprintf(stderr, "hanscan run: %s: %s\n", o.out, strerror(errno));
      code = HS_EXIT_USAGE;
      goto done;
    }
  }
  if (hs_writer_new(&wr, out ? out : stdout, fmt) != HS_OK ||
      hs_walk_new(&w, o.paths, o.npaths, 0) != HS_OK) {
    fprintf(stderr, "hanscan: out of memory\n");
    code = HS_EXIT_FAILED;
    goto done;
  }
  int ok;
  if (o.jobs > 1) {
    ok = run_docs_parallel(w, engines, o.jobs, o.encoding, fmt, wr, &st);
  } else {
    ok = run_docs(w, engines[0], o.encoding, fmt, wr, &st);
  }
  if (hs_writer_flush(wr) != HS_OK) {
    fprintf(stderr, "hanscan run: error writing %s\n", o.out ? o.out : "-");
    ok = 0;
  }
  code = (ok && st.failed == 0) ? HS_EXIT_OK : HS_EXIT_FAILED;
  if (hs_walk_skipped(w) > 0)
    fprintf(stderr, "hanscan: %zu entries skipped (not regular files)\n",
            hs_walk_skipped(w));
  fprintf(stderr,
          "hanscan: %zu documents, %zu facts, %zu failed, %.2f MB, "
          "%.2f s\n",
          st.docs, st.facts, st.failed, st.bytes / 1e6, now_s() - t0);
done:
  hs_writer_free(wr);
  if (out != NULL && fclose(out) != 0 && code == HS_EXIT_OK)
    code = HS_EXIT_FAILED;
  hs_walk_free(w);
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

static int cmd_cat_ls(int argc, char **argv, int is_ls) {
  const char *cmd = is_ls ? "ls" : "cat";
  opts o;
  int code = parse_opts(argc, argv, cmd, "e", &o);
  hs_walk *w = NULL;
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
  if (hs_walk_new(&w, o.paths, o.npaths, 0) != HS_OK) {
    code = HS_EXIT_FAILED;
    goto done;
  }
  /* one document of lookahead tells cat whether to print headers */
  hs_status rc = hs_walk_next(w, &cur);
  cur_msg = strdup(hs_walk_errmsg(w));
  int headers = -1, failed = 0;
  while (rc != HS_DONE) {
    hs_status nrc = hs_walk_next(w, &nxt);
    if (headers < 0) headers = nrc != HS_DONE;
    const char *name = cur.name ? cur.name : "?";
    if (rc == HS_OK) {
      unsigned flags = is_ls ? 0 : HS_NORM_ALL;
      rc = hs_text_decode(&t, cur.data.data, cur.data.len, o.encoding, flags);
      free(cur_msg);
      cur_msg = strdup(t.msg);
    }
    if (rc != HS_OK) {
      failed++;
      fprintf(stderr, "%s: %s\n", name, cur_msg ? cur_msg : hs_strerror(rc));
      if (is_ls) {
        if (cur.data.len > 0 || rc == HS_EDATA)
          printf("%s\tFAILED\t%zu\t%s\n", name, cur.data.len,
                 cur_msg ? cur_msg : "");
        else
          printf("%s\tFAILED\t-\t%s\n", name, cur_msg ? cur_msg : "");
      }
    } else if (is_ls) {
      printf("%s\t%s\t%zu\n", name, t.had_bom ? "UTF-8-BOM" : t.encoding,
             cur.data.len);
    } else {
      if (headers) printf("==> %s <==\n", name);
      fwrite(hs_buf_cstr(&t.norm), 1, t.norm.len, stdout);
      if (headers && t.norm.len > 0 && t.norm.data[t.norm.len - 1] != '\n')
        putchar('\n');
    }
    /* shift the lookahead */
    hs_doc tmp = cur;
    cur = nxt;
    nxt = tmp;
    rc = nrc;
    free(cur_msg);
    cur_msg = strdup(hs_walk_errmsg(w));
  }
  if (fflush(stdout) != 0) failed++;
  code = failed ? HS_EXIT_FAILED : HS_EXIT_OK;
done:
  free(cur_msg);
  hs_doc_close(&cur);
  hs_doc_close(&nxt);
  hs_text_close(&t);
  hs_walk_free(w);
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
  char *data = data_dir();
  char *lua_dir = data ? concat(data, "/lua") : NULL;
  hs_engine *e = NULL;
  hs_limits lim = {0, HS_ENGINE_INSTR_DEFAULT * 10};
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
  if (strcmp(cmd, "exec") == 0 || strcmp(cmd, "report") == 0 ||
      strcmp(cmd, "try") == 0 || strcmp(cmd, "test") == 0) {
    fprintf(stderr, "hanscan: '%s' is not implemented yet\n", cmd);
    return HS_EXIT_USAGE;
  }
  fprintf(stderr, "hanscan: unknown command '%s' (see hanscan --help)\n", cmd);
  return HS_EXIT_USAGE;
}

int main(int argc, char **argv) {
  return hs_cli_main(argc, argv);
}
