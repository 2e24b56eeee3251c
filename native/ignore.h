/*
 * .gitignore rules for the native walk (native/ignore.c).
 *
 * The JavaScript side compiles every .gitignore with the `ignore` package, as its own walk does,
 * and hands over each rule's regular expression as that package wrote it. This file matches those
 * expressions (a small backtracking engine for the subset the package emits: literals, classes,
 * groups, alternation, `* + ?`, `^ $`, lookaheads), so the walk in C decides exactly what the
 * JavaScript walk decides. An expression outside that subset is refused at compile time and the
 * JavaScript walk keeps the folders under it.
 *
 * Paths are matched as UTF-16 code units, as JavaScript strings are.
 */
#ifndef KEYDOCTOR_IGNORE_H
#define KEYDOCTOR_IGNORE_H
#include <stddef.h>
#include <stdint.h>

typedef struct KdRegex KdRegex;

/* Compiles `source` (ASCII, a JavaScript regular expression); NULL when outside the subset. */
KdRegex *kd_regex_compile(const char *source, size_t len, int ignore_case);
void kd_regex_free(KdRegex *re);

/* Per-thread scratch memory for matching. */
typedef struct {
  uint32_t *memo;
  size_t cap;
  uint32_t stamp;
} KdScratch;
void kd_scratch_free(KdScratch *s);

/* RegExp.prototype.test: 1 a match somewhere in `u[0..n)`, 0 none, -1 out of memory. */
int kd_regex_test(const KdRegex *re, const uint16_t *u, size_t n, KdScratch *s);

typedef struct {
  KdRegex *re;
  int negative;
  int basename_only;
} KdRule;

/* One .gitignore's rules, in order (the last match decides), and the package's basename shortcut. */
typedef struct {
  KdRule *rules;
  uint32_t count;
  int shortcut;
} KdRuleset;

enum { KD_NONE = 0, KD_IGNORED = 1, KD_UNIGNORED = 2 };

/* The `ignore` package's RuleManager.test(path): KD_NONE, KD_IGNORED, KD_UNIGNORED, or -1 (memory). */
int kd_ruleset_test(const KdRuleset *rs, const uint16_t *path, size_t n, KdScratch *s);

/*
 * UTF-8 → UTF-16 units as V8 decodes valid UTF-8; returns the unit count, or -1 for bytes that are
 * not valid UTF-8 (the caller leaves such names to JavaScript) or more than `cap` units.
 */
long kd_utf16(const uint8_t *s, size_t len, uint16_t *out, size_t cap);

#endif
