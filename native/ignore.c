/*
 * The regular expressions of the `ignore` package, matched in C (see ignore.h).
 *
 * The engine is a backtracking matcher over a small program (the classic split / jump form), with
 * the result of every (split, position) pair remembered per test, so a test costs at most the
 * program's splits times the path's length, whatever the pattern. Lookaheads run the same way on a
 * sub-program; one holding a loop is refused, which keeps the remembered results exact.
 *
 * Only booleans are asked for (RegExp.prototype.test), so greedy and lazy quantifiers, capturing
 * and non-capturing groups are the same thing here. Case-insensitive matching follows JavaScript's
 * non-unicode `i` flag, which never maps a non-ASCII unit onto an ASCII one: with ASCII-only
 * expressions it is ASCII case folding, and an expression with a non-ASCII literal is refused.
 */
#include "ignore.h"
#include <stdlib.h>
#include <string.h>

enum { N_CHAR, N_CLASS, N_ANY, N_BOL, N_EOL, N_FAIL, N_EMPTY, N_CAT, N_ALT, N_STAR, N_PLUS, N_OPT, N_LOOK, N_NLOOK };

typedef struct {
  uint8_t type;
  uint16_t c;     /* N_CHAR: the unit; N_CLASS: the class index */
  int kid, next;  /* first child, next sibling (-1: none) */
} Node;

#define MAX_RANGES 24
typedef struct {
  uint8_t ascii[16];
  uint16_t lo[MAX_RANGES], hi[MAX_RANGES]; /* units >= 0x80 */
  int nr;
  int neg;
} Class;

enum { I_CHAR, I_CLASS, I_ANY, I_SPLIT, I_JMP, I_BOL, I_EOL, I_LOOK, I_NLOOK, I_MATCH, I_FAIL };

typedef struct {
  uint8_t op;
  uint16_t c; /* I_CHAR: unit; I_CLASS: class; I_SPLIT: split number (memo row) */
  int32_t x, y;
} Inst;

struct KdRegex {
  Inst *prog;
  int n;
  Class *classes;
  int nclass;
  int nsplit;
  int fold;
  int anchored;   /* starts with ^: only position 0 */
  int segstart;   /* starts with (?:^|\/): only position 0 and after a slash */
  /* Units (folded when `fold`) every match holds in a row: the longest run at the top level, the
   * run right after the start (at the start position), the run right before an end of `$` or
   * `(?=$|\/$)` (at the end, or before a final slash for the latter). */
  uint16_t *lit, *pre, *suf;
  int litlen, prelen, suflen;
  int sufslash;   /* the end may also be one unit before a final slash */
};

/* ---------- parsing ---------- */

typedef struct {
  const char *s;
  size_t len, pos;
  int fold;
  int bad;
  Node *nodes;
  int nn, ncap;
  Class *classes;
  int nc, ccap;
} Parser;

static int new_node(Parser *p, uint8_t type, uint16_t c) {
  if (p->nn == p->ncap) {
    int want = p->ncap ? p->ncap * 2 : 64;
    Node *bigger = realloc(p->nodes, (size_t)want * sizeof *bigger);
    if (!bigger) {
      p->bad = 1;
      return -1;
    }
    p->nodes = bigger;
    p->ncap = want;
  }
  Node *n = &p->nodes[p->nn];
  n->type = type;
  n->c = c;
  n->kid = -1;
  n->next = -1;
  return p->nn++;
}

static void add_kid(Parser *p, int parent, int *last, int kid) {
  if (parent < 0 || kid < 0) return;
  if (*last < 0) p->nodes[parent].kid = kid;
  else p->nodes[*last].next = kid;
  *last = kid;
}

static int new_class(Parser *p) {
  if (p->nc == p->ccap) {
    int want = p->ccap ? p->ccap * 2 : 8;
    Class *bigger = realloc(p->classes, (size_t)want * sizeof *bigger);
    if (!bigger) {
      p->bad = 1;
      return -1;
    }
    p->classes = bigger;
    p->ccap = want;
  }
  memset(&p->classes[p->nc], 0, sizeof(Class));
  return p->nc++;
}

static void class_range(Parser *p, Class *c, uint32_t lo, uint32_t hi) {
  for (uint32_t u = lo; u <= hi && u < 0x80; u++) c->ascii[u >> 3] |= (uint8_t)(1u << (u & 7));
  if (hi >= 0x80) {
    if (c->nr == MAX_RANGES) {
      p->bad = 1;
      return;
    }
    c->lo[c->nr] = (uint16_t)(lo < 0x80 ? 0x80 : lo);
    c->hi[c->nr] = (uint16_t)hi;
    c->nr++;
  }
}

/* JavaScript's \s: WhiteSpace and LineTerminator. */
static const uint16_t SPACE_HIGH[][2] = {{0xa0, 0xa0}, {0x1680, 0x1680}, {0x2000, 0x200a}, {0x2028, 0x2029}, {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000}, {0xfeff, 0xfeff}};
#define NSPACE_HIGH (sizeof SPACE_HIGH / sizeof SPACE_HIGH[0])

/* Adds \d \D \s \S \w \W to `c`. */
static void class_escape(Parser *p, Class *c, char e) {
  switch (e) {
    case 'd': class_range(p, c, '0', '9'); break;
    case 'D': class_range(p, c, 0, '0' - 1); class_range(p, c, '9' + 1, 0xffff); break;
    case 'w':
      class_range(p, c, '0', '9'); class_range(p, c, 'A', 'Z'); class_range(p, c, 'a', 'z'); class_range(p, c, '_', '_');
      break;
    case 'W':
      class_range(p, c, 0, '0' - 1); class_range(p, c, '9' + 1, 'A' - 1); class_range(p, c, 'Z' + 1, '_' - 1);
      class_range(p, c, '_' + 1, 'a' - 1); class_range(p, c, 'z' + 1, 0xffff);
      break;
    case 's':
      class_range(p, c, 9, 13); class_range(p, c, ' ', ' ');
      for (size_t i = 0; i < NSPACE_HIGH; i++) class_range(p, c, SPACE_HIGH[i][0], SPACE_HIGH[i][1]);
      break;
    case 'S': {
      class_range(p, c, 0, 8); class_range(p, c, 14, ' ' - 1); class_range(p, c, ' ' + 1, 0x9f);
      uint32_t from = 0xa0;
      for (size_t i = 0; i < NSPACE_HIGH; i++) {
        if (SPACE_HIGH[i][0] > from) class_range(p, c, from, SPACE_HIGH[i][0] - 1u);
        from = SPACE_HIGH[i][1] + 1u;
      }
      class_range(p, c, from, 0xffff);
      break;
    }
    default: p->bad = 1;
  }
}

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/* Reads `digits` hex digits at the position; -1 when they are not there. */
static long hex_at(Parser *p, int digits) {
  if (p->pos + (size_t)digits > p->len) return -1;
  long v = 0;
  for (int i = 0; i < digits; i++) {
    int h = hexval(p->s[p->pos + (size_t)i]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  p->pos += (size_t)digits;
  return v;
}

/*
 * One escaped unit after a backslash (the backslash is consumed): its value, or -2 for a set
 * escape (\d \s \w and capitals, left at the position), or -1 for anything refused.
 */
static long escaped_unit(Parser *p, int in_class) {
  if (p->pos >= p->len) return -1;
  char e = p->s[p->pos];
  if (strchr("dDsSwW", e)) return -2;
  p->pos++;
  switch (e) {
    case 't': return 9;
    case 'n': return 10;
    case 'v': return 11;
    case 'f': return 12;
    case 'r': return 13;
    case '0':
      if (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') return -1;
      return 0;
    case 'x': return hex_at(p, 2);
    case 'u': return hex_at(p, 4);
    case 'b': return in_class ? 8 : -1;
    default:
      if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9') || (unsigned char)e >= 0x80) return -1;
      return (unsigned char)e; /* an identity escape of punctuation */
  }
}

static int parse_alt(Parser *p, int depth);

static int parse_class(Parser *p) {
  int idx = new_class(p);
  if (idx < 0) return -1;
  int high = 0; /* an explicit member >= 0x80 */
  if (p->pos < p->len && p->s[p->pos] == '^') {
    p->classes[idx].neg = 1;
    p->pos++;
  }
  for (;;) {
    if (p->pos >= p->len) {
      p->bad = 1;
      return -1;
    }
    char ch = p->s[p->pos];
    if (ch == ']') {
      p->pos++;
      break;
    }
    long lo;
    p->pos++;
    if (ch == '\\') {
      lo = escaped_unit(p, 1);
      if (lo == -2) {
        class_escape(p, &p->classes[idx], p->s[p->pos]);
        p->pos++;
        /* A set escape next to '-' is an Annex B oddity: refused. */
        if (p->pos + 1 < p->len && p->s[p->pos] == '-' && p->s[p->pos + 1] != ']') p->bad = 1;
        if (p->bad) return -1;
        continue;
      }
      if (lo < 0) {
        p->bad = 1;
        return -1;
      }
    } else {
      if ((unsigned char)ch >= 0x80) {
        p->bad = 1;
        return -1;
      }
      lo = (unsigned char)ch;
    }
    long hi = lo;
    if (p->pos + 1 < p->len && p->s[p->pos] == '-' && p->s[p->pos + 1] != ']') {
      p->pos++;
      char c2 = p->s[p->pos++];
      if (c2 == '\\') {
        hi = escaped_unit(p, 1);
        if (hi < 0) {
          p->bad = 1;
          return -1;
        }
      } else {
        if ((unsigned char)c2 >= 0x80) {
          p->bad = 1;
          return -1;
        }
        hi = (unsigned char)c2;
      }
      if (hi < lo) {
        p->bad = 1;
        return -1;
      }
    }
    if (hi >= 0x80) high = 1;
    class_range(p, &p->classes[idx], (uint32_t)lo, (uint32_t)hi);
    if (p->bad) return -1;
  }
  Class *c = &p->classes[idx];
  if (p->fold) {
    if (high) {
      p->bad = 1;
      return -1;
    }
    for (int u = 'A'; u <= 'Z'; u++) {
      int l = u + 32;
      int either = (c->ascii[u >> 3] >> (u & 7) & 1) | (c->ascii[l >> 3] >> (l & 7) & 1);
      if (either) {
        c->ascii[u >> 3] |= (uint8_t)(1u << (u & 7));
        c->ascii[l >> 3] |= (uint8_t)(1u << (l & 7));
      }
    }
  }
  return new_node(p, N_CLASS, (uint16_t)idx);
}

static int parse_atom(Parser *p, int depth) {
  char ch = p->s[p->pos];
  switch (ch) {
    case '(': {
      p->pos++;
      uint8_t type = N_CAT;
      if (p->pos < p->len && p->s[p->pos] == '?') {
        if (p->pos + 1 >= p->len) return p->bad = 1, -1;
        char k = p->s[p->pos + 1];
        if (k == ':') type = N_CAT;
        else if (k == '=') type = N_LOOK;
        else if (k == '!') type = N_NLOOK;
        else return p->bad = 1, -1; /* lookbehind, named groups */
        p->pos += 2;
      }
      int inner = parse_alt(p, depth + 1);
      if (inner < 0 || p->pos >= p->len || p->s[p->pos] != ')') return p->bad = 1, -1;
      p->pos++;
      if (type == N_CAT) return inner;
      int look = new_node(p, type, 0);
      if (look >= 0) p->nodes[look].kid = inner;
      return look;
    }
    case '^': p->pos++; return new_node(p, N_BOL, 0);
    case '$': p->pos++; return new_node(p, N_EOL, 0);
    case '.': p->pos++; return new_node(p, N_ANY, 0);
    case '[': {
      p->pos++;
      if (p->pos < p->len && p->s[p->pos] == ']') {
        p->pos++;
        return new_node(p, N_FAIL, 0); /* [] matches nothing */
      }
      return parse_class(p);
    }
    case '\\': {
      p->pos++;
      long u = escaped_unit(p, 0);
      if (u == -2) {
        int idx = new_class(p);
        if (idx < 0) return -1;
        class_escape(p, &p->classes[idx], p->s[p->pos]);
        p->pos++;
        return new_node(p, N_CLASS, (uint16_t)idx);
      }
      if (u < 0 || (u >= 0x80 && p->fold)) return p->bad = 1, -1;
      return new_node(p, N_CHAR, (uint16_t)u);
    }
    case '*': case '+': case '?': case '{': case ')': case '|':
      return p->bad = 1, -1;
    default:
      if ((unsigned char)ch >= 0x80) return p->bad = 1, -1;
      p->pos++;
      return new_node(p, N_CHAR, (uint16_t)(unsigned char)ch);
  }
}

static int parse_cat(Parser *p, int depth) {
  int cat = new_node(p, N_CAT, 0);
  int last = -1;
  while (!p->bad && p->pos < p->len && p->s[p->pos] != '|' && p->s[p->pos] != ')') {
    int atom = parse_atom(p, depth);
    if (atom < 0) return -1;
    if (p->pos < p->len && strchr("*+?", p->s[p->pos])) {
      uint8_t t = p->nodes[atom].type;
      if (t == N_BOL || t == N_EOL || t == N_LOOK || t == N_NLOOK) return p->bad = 1, -1;
      char q = p->s[p->pos++];
      if (p->pos < p->len && p->s[p->pos] == '?') p->pos++; /* lazy: the same for a test */
      int rep = new_node(p, q == '*' ? N_STAR : q == '+' ? N_PLUS : N_OPT, 0);
      if (rep < 0) return -1;
      p->nodes[rep].kid = atom;
      atom = rep;
      if (p->pos < p->len && strchr("*+?{", p->s[p->pos])) return p->bad = 1, -1;
    } else if (p->pos < p->len && p->s[p->pos] == '{') {
      return p->bad = 1, -1;
    }
    add_kid(p, cat, &last, atom);
  }
  return p->bad ? -1 : cat;
}

static int parse_alt(Parser *p, int depth) {
  if (depth > 32) return p->bad = 1, -1;
  int first = parse_cat(p, depth);
  if (first < 0) return -1;
  if (p->pos >= p->len || p->s[p->pos] != '|') return first;
  int alt = new_node(p, N_ALT, 0);
  int last = -1;
  add_kid(p, alt, &last, first);
  while (!p->bad && p->pos < p->len && p->s[p->pos] == '|') {
    p->pos++;
    int next = parse_cat(p, depth);
    if (next < 0) return -1;
    add_kid(p, alt, &last, next);
  }
  return p->bad ? -1 : alt;
}

/* ---------- compiling ---------- */

typedef struct {
  Inst *prog;
  int n, cap;
  int nsplit;
  int bad;
  const Node *nodes;
} Compiler;

static int emit(Compiler *c, uint8_t op, uint16_t v) {
  if (c->n == c->cap) {
    int want = c->cap ? c->cap * 2 : 64;
    if (want > 1 << 16) {
      c->bad = 1;
      return 0;
    }
    Inst *bigger = realloc(c->prog, (size_t)want * sizeof *bigger);
    if (!bigger) {
      c->bad = 1;
      return 0;
    }
    c->prog = bigger;
    c->cap = want;
  }
  Inst *i = &c->prog[c->n];
  i->op = op;
  i->c = v;
  i->x = i->y = -1;
  if (op == I_SPLIT) {
    if (c->nsplit >= 0xffff) c->bad = 1;
    i->c = (uint16_t)c->nsplit++;
  }
  return c->n++;
}

/* Whether a node holds a loop (refused inside a lookahead). */
static int has_loop(const Node *nodes, int at) {
  if (at < 0) return 0;
  const Node *n = &nodes[at];
  if (n->type == N_STAR || n->type == N_PLUS) return 1;
  for (int k = n->kid; k >= 0; k = nodes[k].next)
    if (has_loop(nodes, k)) return 1;
  return 0;
}

static void compile_node(Compiler *c, int at) {
  if (c->bad || at < 0) return;
  const Node *n = &c->nodes[at];
  switch (n->type) {
    case N_CHAR: emit(c, I_CHAR, n->c); break;
    case N_CLASS: emit(c, I_CLASS, n->c); break;
    case N_ANY: emit(c, I_ANY, 0); break;
    case N_BOL: emit(c, I_BOL, 0); break;
    case N_EOL: emit(c, I_EOL, 0); break;
    case N_FAIL: emit(c, I_FAIL, 0); break;
    case N_EMPTY: break;
    case N_CAT:
      for (int k = n->kid; k >= 0; k = c->nodes[k].next) compile_node(c, k);
      break;
    case N_ALT: {
      int jumps[64], nj = 0;
      for (int k = n->kid; k >= 0; k = c->nodes[k].next) {
        if (c->nodes[k].next < 0) {
          compile_node(c, k);
          break;
        }
        int s = emit(c, I_SPLIT, 0);
        if (c->bad) return;
        c->prog[s].x = s + 1;
        compile_node(c, k);
        if (nj == 64) {
          c->bad = 1;
          return;
        }
        jumps[nj++] = emit(c, I_JMP, 0);
        if (c->bad) return;
        c->prog[s].y = c->n;
      }
      for (int j = 0; j < nj && !c->bad; j++) c->prog[jumps[j]].x = c->n;
      break;
    }
    case N_STAR: {
      int s = emit(c, I_SPLIT, 0);
      if (c->bad) return;
      c->prog[s].x = s + 1;
      compile_node(c, n->kid);
      int j = emit(c, I_JMP, 0);
      if (c->bad) return;
      c->prog[j].x = s;
      c->prog[s].y = c->n;
      break;
    }
    case N_PLUS: {
      int start = c->n;
      compile_node(c, n->kid);
      int s = emit(c, I_SPLIT, 0);
      if (c->bad) return;
      c->prog[s].x = start;
      c->prog[s].y = s + 1;
      break;
    }
    case N_OPT: {
      int s = emit(c, I_SPLIT, 0);
      if (c->bad) return;
      c->prog[s].x = s + 1;
      compile_node(c, n->kid);
      if (c->bad) return;
      c->prog[s].y = c->n;
      break;
    }
    case N_LOOK:
    case N_NLOOK: {
      if (has_loop(c->nodes, n->kid)) {
        c->bad = 1;
        return;
      }
      int l = emit(c, n->type == N_LOOK ? I_LOOK : I_NLOOK, 0);
      if (c->bad) return;
      c->prog[l].x = l + 1;
      compile_node(c, n->kid);
      emit(c, I_MATCH, 0);
      if (c->bad) return;
      c->prog[l].y = c->n;
      break;
    }
    default: c->bad = 1;
  }
}

static uint16_t fold_unit(uint16_t u) { return (u >= 'a' && u <= 'z') ? (uint16_t)(u - 32) : u; }

/* A run of N_CHAR nodes from `k` on, at most `max` of them: its units into a new array. */
static int take_run(const Node *nodes, int k, int count, int fold, uint16_t **out) {
  if (count <= 0) return 0;
  *out = malloc((size_t)count * sizeof **out);
  if (!*out) return 0;
  for (int i = 0; i < count; i++, k = nodes[k].next) (*out)[i] = fold ? fold_unit(nodes[k].c) : nodes[k].c;
  return count;
}

static int is_char(const Node *nodes, int k, uint16_t c) { return k >= 0 && nodes[k].type == N_CHAR && nodes[k].c == c && nodes[k].next < 0; }

/* (?:^|\/) */
static int is_segstart(const Node *nodes, const Node *n) {
  if (n->type != N_ALT) return 0;
  int a = n->kid, b = a >= 0 ? nodes[a].next : -1;
  if (a < 0 || b < 0 || nodes[b].next >= 0) return 0;
  const Node *x = &nodes[a], *y = &nodes[b];
  int bol = x->type == N_BOL || (x->type == N_CAT && x->kid >= 0 && nodes[x->kid].type == N_BOL && nodes[x->kid].next < 0);
  int slash = y->type == N_CHAR ? y->c == '/' : (y->type == N_CAT && is_char(nodes, y->kid, '/'));
  return bol && slash;
}

/* (?=$|\/$) */
static int is_endish(const Node *nodes, const Node *n) {
  if (n->type != N_LOOK || n->kid < 0) return 0;
  const Node *alt = &nodes[n->kid];
  if (alt->type != N_ALT) return 0;
  int a = alt->kid, b = a >= 0 ? nodes[a].next : -1;
  if (a < 0 || b < 0 || nodes[b].next >= 0) return 0;
  const Node *x = &nodes[a], *y = &nodes[b];
  int eol = x->type == N_EOL || (x->type == N_CAT && x->kid >= 0 && nodes[x->kid].type == N_EOL && nodes[x->kid].next < 0);
  if (y->type != N_CAT || y->kid < 0) return 0;
  int k = y->kid;
  return eol && nodes[k].type == N_CHAR && nodes[k].c == '/' && nodes[k].next >= 0 && nodes[nodes[k].next].type == N_EOL && nodes[nodes[k].next].next < 0;
}

/* The quick tests of a top-level concatenation: where it may start, and the runs it must hold. */
static void analyse(KdRegex *re, const Node *nodes, const Node *cat, int fold) {
  int kids[4096], nk = 0;
  for (int k = cat->kid; k >= 0 && nk < 4096; k = nodes[k].next) kids[nk++] = k;
  if (nk == 0) return;
  int from = 0;
  if (nodes[kids[0]].type == N_BOL) {
    re->anchored = 1;
    from = 1;
  } else if (is_segstart(nodes, &nodes[kids[0]])) {
    re->segstart = 1;
    from = 1;
  }
  if (from) {
    int c = 0;
    while (from + c < nk && nodes[kids[from + c]].type == N_CHAR) c++;
    re->prelen = take_run(nodes, kids[from], c, fold, &re->pre);
  }
  int last = nk - 1, endish = 0;
  if (nodes[kids[last]].type == N_EOL) endish = 1;
  else if (is_endish(nodes, &nodes[kids[last]])) endish = 2;
  if (endish && last > from) {
    int c = 0;
    while (last - 1 - c >= from && nodes[kids[last - 1 - c]].type == N_CHAR) c++;
    if (c > 0) {
      re->suflen = take_run(nodes, kids[last - c], c, fold, &re->suf);
      re->sufslash = endish == 2;
    }
  }
  int best = 0, bestat = -1, run = 0, runat = -1;
  for (int i = 0; i < nk; i++) {
    if (nodes[kids[i]].type == N_CHAR) {
      if (run++ == 0) runat = i;
      if (run > best) {
        best = run;
        bestat = runat;
      }
    } else {
      run = 0;
    }
  }
  if (best > re->prelen && best > re->suflen) re->litlen = take_run(nodes, kids[bestat], best, fold, &re->lit);
}

KdRegex *kd_regex_compile(const char *source, size_t len, int ignore_case) {
  Parser p = {source, len, 0, ignore_case, 0, NULL, 0, 0, NULL, 0, 0};
  int root = parse_alt(&p, 0);
  if (root < 0 || p.bad || p.pos != len) {
    free(p.nodes);
    free(p.classes);
    return NULL;
  }
  Compiler c = {NULL, 0, 0, 0, 0, p.nodes};
  compile_node(&c, root);
  emit(&c, I_MATCH, 0);
  KdRegex *re = c.bad ? NULL : calloc(1, sizeof *re);
  if (!re) {
    free(c.prog);
    free(p.nodes);
    free(p.classes);
    return NULL;
  }
  re->prog = c.prog;
  re->n = c.n;
  re->nsplit = c.nsplit;
  re->classes = p.classes;
  re->nclass = p.nc;
  re->fold = ignore_case;
  const Node *r = &p.nodes[root];
  if (r->type == N_CAT) analyse(re, p.nodes, r, ignore_case);
  free(p.nodes);
  return re;
}

void kd_regex_free(KdRegex *re) {
  if (!re) return;
  free(re->prog);
  free(re->classes);
  free(re->lit);
  free(re->pre);
  free(re->suf);
  free(re);
}

void kd_scratch_free(KdScratch *s) {
  free(s->memo);
  s->memo = NULL;
  s->cap = 0;
}

/* ---------- matching ---------- */

static int in_class(const Class *c, uint16_t u) {
  int in;
  if (u < 0x80) {
    in = c->ascii[u >> 3] >> (u & 7) & 1;
  } else {
    in = 0;
    for (int i = 0; i < c->nr && !in; i++) in = u >= c->lo[i] && u <= c->hi[i];
  }
  return in != c->neg;
}

typedef struct {
  const KdRegex *re;
  const uint16_t *u;
  size_t n;
  uint32_t *memo;
  uint32_t stamp;
} Run;

enum { ST_BUSY = 1, ST_FAIL = 2, ST_OK = 3 };

static int run(Run *m, int pc, size_t sp) {
  const Inst *prog = m->re->prog;
  for (;;) {
    const Inst *i = &prog[pc];
    switch (i->op) {
      case I_CHAR: {
        if (sp >= m->n) return 0;
        uint16_t u = m->u[sp];
        if (u != i->c && !(m->re->fold && fold_unit(u) == fold_unit(i->c))) return 0;
        pc++;
        sp++;
        break;
      }
      case I_CLASS:
        if (sp >= m->n || !in_class(&m->re->classes[i->c], m->u[sp])) return 0;
        pc++;
        sp++;
        break;
      case I_ANY: {
        if (sp >= m->n) return 0;
        uint16_t u = m->u[sp];
        if (u == '\n' || u == '\r' || u == 0x2028 || u == 0x2029) return 0;
        pc++;
        sp++;
        break;
      }
      case I_BOL:
        if (sp != 0) return 0;
        pc++;
        break;
      case I_EOL:
        if (sp != m->n) return 0;
        pc++;
        break;
      case I_FAIL: return 0;
      case I_MATCH: return 1;
      case I_JMP: pc = i->x; break;
      case I_LOOK:
      case I_NLOOK: {
        int got = run(m, i->x, sp);
        if (got != (i->op == I_LOOK)) return 0;
        pc = i->y;
        break;
      }
      case I_SPLIT: {
        uint32_t *cell = &m->memo[(size_t)i->c * (m->n + 1) + sp];
        if ((*cell >> 2) == m->stamp) return (*cell & 3) == ST_OK;
        *cell = m->stamp << 2 | ST_BUSY;
        int ok = run(m, i->x, sp) || run(m, i->y, sp);
        *cell = m->stamp << 2 | (ok ? ST_OK : ST_FAIL);
        return ok;
      }
      default: return 0;
    }
  }
}

static int same_at(const KdRegex *re, const uint16_t *u, const uint16_t *lit, size_t k) {
  if (re->fold) {
    for (size_t j = 0; j < k; j++)
      if (fold_unit(u[j]) != lit[j]) return 0;
  } else {
    for (size_t j = 0; j < k; j++)
      if (u[j] != lit[j]) return 0;
  }
  return 1;
}

static int has_literal(const KdRegex *re, const uint16_t *u, size_t n) {
  size_t k = (size_t)re->litlen;
  if (k > n) return 0;
  uint16_t f = re->lit[0];
  for (size_t at = 0; at + k <= n; at++) {
    uint16_t c = re->fold ? fold_unit(u[at]) : u[at];
    if (c == f && same_at(re, u + at, re->lit, k)) return 1;
  }
  return 0;
}

/* The start run at `at`. */
static int pre_at(const KdRegex *re, const uint16_t *u, size_t n, size_t at) {
  size_t k = (size_t)re->prelen;
  return at + k <= n && same_at(re, u + at, re->pre, k);
}

/*
 * Whether a match may start at `sp`: for ^, only at 0 with the start run there; for (?:^|\/), at
 * 0 with the run at 0, or at a slash with the run after it.
 */
static int may_start(const KdRegex *re, const uint16_t *u, size_t n, size_t sp) {
  if (re->anchored) return sp == 0 && pre_at(re, u, n, 0);
  if (re->segstart) {
    if (sp == 0 && pre_at(re, u, n, 0)) return 1;
    return sp < n && u[sp] == '/' && pre_at(re, u, n, sp + 1);
  }
  return 1;
}

int kd_regex_test(const KdRegex *re, const uint16_t *u, size_t n, KdScratch *s) {
  if (re->suflen) {
    size_t k = (size_t)re->suflen;
    int ok = k <= n && same_at(re, u + n - k, re->suf, k);
    if (!ok && re->sufslash && n > 0 && u[n - 1] == '/' && k + 1 <= n) ok = same_at(re, u + n - 1 - k, re->suf, k);
    if (!ok) return 0;
  }
  if (re->litlen > 0 && !has_literal(re, u, n)) return 0;
  size_t need = (size_t)re->nsplit * (n + 1);
  if (need > s->cap) {
    size_t want = need * 2 + 1024;
    uint32_t *bigger = realloc(s->memo, want * sizeof *bigger);
    if (!bigger) return -1;
    memset(bigger, 0, want * sizeof *bigger);
    s->memo = bigger;
    s->cap = want;
    s->stamp = 0;
  }
  if (++s->stamp >= (1u << 30)) {
    memset(s->memo, 0, s->cap * sizeof *s->memo);
    s->stamp = 1;
  }
  Run m = {re, u, n, s->memo, s->stamp};
  for (size_t sp = 0; sp <= n; sp++) {
    if (may_start(re, u, n, sp) && run(&m, 0, sp)) return 1;
    if (re->anchored) break;
  }
  return 0;
}

int kd_ruleset_test(const KdRuleset *rs, const uint16_t *path, size_t n, KdScratch *s) {
  const uint16_t *base = path;
  size_t bn = n;
  if (rs->shortcut && n > 0) {
    /* basenameOf: the last segment, keeping a trailing slash */
    size_t end = n - 1;
    long from = path[end] == '/' ? (long)end - 1 : (long)end;
    if (from < 0) from = 0;
    long at = -1;
    for (long k = from; k >= 0; k--)
      if (path[k] == '/') {
        at = k;
        break;
      }
    if (at >= 0) {
      base = path + at + 1;
      bn = n - (size_t)at - 1;
    }
  }
  for (uint32_t i = rs->count; i-- > 0;) {
    const KdRule *r = &rs->rules[i];
    int got = rs->shortcut && r->basename_only ? kd_regex_test(r->re, base, bn, s) : kd_regex_test(r->re, path, n, s);
    if (got < 0) return -1;
    if (got) return r->negative ? KD_UNIGNORED : KD_IGNORED;
  }
  return KD_NONE;
}

long kd_utf16(const uint8_t *s, size_t len, uint16_t *out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c = s[i];
    size_t k;
    uint32_t lo = 0x80, hi = 0xbf;
    if (c < 0x80) {
      k = 0;
    } else if (c >= 0xc2 && c <= 0xdf) {
      k = 1;
      c &= 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      k = 2;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
      c &= 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      k = 3;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
      c &= 0x07;
    } else {
      return -1;
    }
    for (size_t j = 1; j <= k; j++) {
      if (i + j >= len) return -1;
      uint8_t b = s[i + j];
      if (j == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf)) return -1;
      c = c << 6 | (b & 0x3f);
    }
    i += k + 1;
    if (c >= 0x10000) {
      if (n + 2 > cap) return -1;
      c -= 0x10000;
      out[n++] = (uint16_t)(0xd800 + (c >> 10));
      out[n++] = (uint16_t)(0xdc00 + (c & 0x3ff));
    } else {
      if (n + 1 > cap) return -1;
      out[n++] = (uint16_t)c;
    }
  }
  return (long)n;
}
