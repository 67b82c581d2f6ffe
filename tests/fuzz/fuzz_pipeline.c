/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: any bytes through what `hanscan run` does with a
 * document (sniffing, decoding, normalization, extraction with the bundled
 * pack, record formatting). The first byte picks the format (auto, text,
 * html, docx's document.xml) and the encoding (auto, GB18030, Big5,
 * UTF-16LE, UTF-16BE, UTF-8) so that forced decodings are reached too; the
 * rest is the document. Built by `make fuzz` (clang, with ASan and UBSan):
 * a crash, a leak, an error report or a document taking over 10 s stops
 * the run and leaves the input in build-fuzz/.
 */
#include "engine/engine.h"
#include "walk/walk.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hs_engine *engine;
static hs_text text;
static hs_doc_result result;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  if (hs_engine_new(&engine, NULL, HS_FUZZ_LUA_DIR) != HS_OK ||
      hs_engine_load_pack(engine, HS_FUZZ_PACK) != HS_OK) {
    fprintf(stderr, "fuzz_pipeline: cannot load %s: %s\n", HS_FUZZ_PACK,
            engine ? hs_engine_traceback(engine) : "no Lua state");
    abort();
  }
  hs_text_init(&text);
  hs_doc_result_init(&result);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *formats[] = {NULL, "text", "html", "docx"};
  static const char *encodings[] = {NULL,       "gb18030",  "big5",
                                    "utf-16le", "utf-16be", "utf-8"};
  if (size == 0) return 0;
  unsigned pick = data[0];
  hs_doc doc;
  hs_doc_init(&doc);
  doc.name = strdup("fuzz.txt");
  if (doc.name == NULL || hs_buf_append(&doc.data, data + 1, size - 1) != HS_OK)
    abort();
  hs_decode_opts o = {encodings[(pick >> 2) % 6], formats[pick & 3], NULL,
                      HS_NORM_ALL, 0};
  (void)hs_pipeline_doc_opts(engine, &text, &doc, &o, HS_FMT_JSONL, &result);
  hs_doc_close(&doc);
  return 0;
}
