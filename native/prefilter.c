/*
 * keydoctor's optional native prefilter for `keydoctor scan`.
 *
 * Reading ~50,000 small files costs Node three JavaScript-to-C++ calls per file (open, read, close)
 * and keeps a JavaScript thread busy for each. This addon reads a batch of files on libuv's thread
 * pool, with one reused buffer per batch, and sorts each file into one of three classes:
 *
 *   0  clean   read whole, not binary, and holds none of the literal anchors (nothing to find)
 *   1  binary  a NUL byte in the first 8 KiB (and no UTF-16 byte-order mark)
 *   2  look    anything else: an anchor occurs, a UTF-16 mark, too large, or an error
 *
 * Files in class 2 are read again and judged by the JavaScript scanner (src/scan/read.ts), which
 * stays the only place that decides what a key is; the anchors come from there too (setAnchors).
 * So this file is a pure speed-up: its one promise is "class 0 holds no anchor", which the tests
 * check against the JavaScript anchor pass. No secret ever leaves this file: it returns classes.
 *
 * Plain C against Node-API (node_api.h), no C++ and no node-addon-api, so it builds with any C
 * compiler node-gyp finds. When it does not build, the scan runs in JavaScript as before.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include "inflate.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#ifdef _WIN32
#include <io.h>
#define open _open
#define read _read
#define close _close
#define fstat _fstat
#define stat _stat
#define O_RDONLY_FLAGS (_O_RDONLY | _O_BINARY)
#else
#include <unistd.h>
/* Non-blocking: a FIFO that replaced a listed file never hangs a thread (regular files read the same). */
#define O_RDONLY_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
#endif

#define MAX_ANCHORS 64
#define MAX_ANCHOR_LEN 32
#define BINARY_WINDOW 8192

typedef struct {
  uint8_t bytes[MAX_ANCHOR_LEN];
  uint32_t len;
  /* Offset of the two-byte pair inside the anchor that the scan looks for. */
  uint32_t off;
  /* Key characters ([A-Za-z0-9_-]) that must run from the anchor's start (0: none needed). */
  uint32_t min_run;
  /* A context word: it counts only when the file also holds HEX_RUN hex digits in a row. */
  int needs_hex;
  uint16_t pair;
} Anchor;

#define HEX_RUN 32

/* Set once per process, before any batch runs (later calls are no-ops: the list never changes). */
static Anchor anchors[MAX_ANCHORS];
static uint32_t anchor_count = 0;
/* One bit per possible byte pair: does some anchor's pair equal it? */
static uint8_t pair_bits[65536 / 8];
/* Per byte pair, 1 + the first anchor with that pair (0: none), and each anchor's next one with its pair. */
static uint8_t pair_head[65536];
static uint8_t anchor_next[MAX_ANCHORS];
/* Batches queued and not yet complete (main thread only). */
static int in_flight = 0;
/* Set once the anchor tables are complete (setAnchors); classify refuses to run before. */
static int ready = 0;
static int anchors_ready(void) {
#if defined(__GNUC__) || defined(__clang__)
  return __atomic_load_n(&ready, __ATOMIC_ACQUIRE);
#else
  return ready;
#endif
}
/* Batches not yet done on the pool: written by pool threads, read by busy() on the main thread. */
static int running = 0;

static inline int pair_hit(uint16_t p) { return pair_bits[p >> 3] & (1u << (p & 7)); }

/* [A-Za-z0-9_-]: the characters of a key (KEYCH in src/scan/detect.ts). */
static inline int key_char(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int runs_at_least(const uint8_t *buf, size_t n, size_t start, uint32_t run) {
  if (start + run > n) return 0;
  for (uint32_t k = 0; k < run; k++)
    if (!key_char(buf[start + k])) return 0;
  return 1;
}

enum { NONE = 0, FOUND = 1, CONTEXT = 2 };

/* Is there an anchor (FOUND) or a context word (CONTEXT) whose pair starts at `at`? */
static int anchor_at(const uint8_t *buf, size_t n, size_t at) {
  uint16_t p = (uint16_t)(buf[at] | (buf[at + 1] << 8));
  int got = NONE;
  /* Only the anchors with this pair (a candidate of the vector scan may have none). */
  for (uint32_t a = pair_head[p]; a != 0; a = anchor_next[a - 1]) {
    const Anchor *an = &anchors[a - 1];
    if (at < an->off) continue;
    size_t start = at - an->off;
    if (start + an->len <= n && memcmp(buf + start, an->bytes, an->len) == 0 && runs_at_least(buf, n, start, an->min_run)) {
      if (!an->needs_hex) return FOUND;
      got = CONTEXT;
    }
  }
  return got;
}

static inline int hex_digit(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/*
 * HEX_RUN hex digits in a row anywhere (a looser test than detect's bounded 32-hex token). A run
 * starting at `i` must hold the byte at i + HEX_RUN - 1: where that one is not a hex digit, no run
 * starts at i..i + HEX_RUN - 1 and the search jumps past it; where it is, the window is read back
 * to its last non-hex byte, after which the next run may start. Text is mostly not hex: about one
 * byte in HEX_RUN is looked at, not every byte.
 */
static int has_hex_run(const uint8_t *buf, size_t n) {
  size_t i = 0;
  while (i + HEX_RUN <= n) {
    size_t j = i + HEX_RUN - 1;
    if (!hex_digit(buf[j])) {
      i = j + 1;
      continue;
    }
    while (j > i && hex_digit(buf[j - 1])) j--;
    if (j == i) return 1;
    i = j;
  }
  return 0;
}

/* From `from` on, one table test per byte; full compares only where a pair hits. */
static int has_anchor_scalar(const uint8_t *buf, size_t n, size_t from, int *context) {
  for (size_t i = from; i + 1 < n; i++) {
    uint16_t p = (uint16_t)(buf[i] | (buf[i + 1] << 8));
    if (!pair_hit(p)) continue;
    int got = anchor_at(buf, n, i);
    if (got == FOUND) return 1;
    if (got == CONTEXT) *context = 1;
  }
  return 0;
}

/* Does the file need JavaScript's look: an anchor, or a context word plus a run of hex digits? */
static int has_anchor_from(const uint8_t *buf, size_t n, size_t from, int context) {
  if (has_anchor_scalar(buf, n, from, &context)) return 1;
  return context && has_hex_run(buf, n);
}

/* Looks closer at the positions a 16-bit mask marks, from `i`; updates *context. */
static inline int check_mask(const uint8_t *buf, size_t n, size_t i, unsigned mask, int *context) {
  while (mask) {
#if defined(__GNUC__) || defined(__clang__)
    int j = __builtin_ctz(mask);
#else
    int j = 0;
    while (!(mask & (1u << j))) j++;
#endif
    mask &= mask - 1;
    int got = anchor_at(buf, n, i + (size_t)j);
    if (got == FOUND) return 1;
    if (got == CONTEXT) *context = 1;
  }
  return 0;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
/*
 * The pair test for 16 positions at once, "Teddy" style (as in Hyperscan and ripgrep): every
 * pair goes into one of 8 buckets; four 16-entry tables map the low and high nibbles of the first
 * and second byte to the buckets they fit; a position is a candidate when some bucket fits all
 * four. Four byte shuffles per 16 positions (SSSE3, chosen at run time); candidates are checked in
 * full by anchor_at, so a false candidate only costs a look.
 */
static uint8_t teddy[4][16];

static void teddy_build(void) {
  memset(teddy, 0, sizeof teddy);
  uint32_t bucket = 0;
  uint8_t firsts[8] = {0};
  uint32_t used = 0;
  for (uint32_t a = 0; a < anchor_count; a++) {
    uint8_t f = (uint8_t)(anchors[a].pair & 0xff), s = (uint8_t)(anchors[a].pair >> 8);
    /* Pairs with the same first byte share a bucket (fewer false candidates). */
    uint32_t b;
    for (b = 0; b < used; b++)
      if (firsts[b] == f) break;
    if (b == used) {
      if (used < 8) {
        firsts[used] = f;
        b = used++;
      } else {
        b = bucket++ % 8;
      }
    }
    teddy[0][f & 15] |= (uint8_t)(1u << b);
    teddy[1][f >> 4] |= (uint8_t)(1u << b);
    teddy[2][s & 15] |= (uint8_t)(1u << b);
    teddy[3][s >> 4] |= (uint8_t)(1u << b);
  }
}

__attribute__((target("ssse3"))) static int has_anchor_ssse3(const uint8_t *buf, size_t n) {
  const __m128i nib = _mm_set1_epi8(0x0f), zero = _mm_setzero_si128();
  const __m128i t0 = _mm_loadu_si128((const __m128i *)teddy[0]), t1 = _mm_loadu_si128((const __m128i *)teddy[1]);
  const __m128i t2 = _mm_loadu_si128((const __m128i *)teddy[2]), t3 = _mm_loadu_si128((const __m128i *)teddy[3]);
  size_t i = 0;
  int context = 0;
  for (; i + 17 <= n; i += 16) {
    __m128i a = _mm_loadu_si128((const __m128i *)(buf + i)), b = _mm_loadu_si128((const __m128i *)(buf + i + 1));
    __m128i r = _mm_and_si128(_mm_shuffle_epi8(t0, _mm_and_si128(a, nib)), _mm_shuffle_epi8(t1, _mm_and_si128(_mm_srli_epi16(a, 4), nib)));
    r = _mm_and_si128(r, _mm_shuffle_epi8(t2, _mm_and_si128(b, nib)));
    r = _mm_and_si128(r, _mm_shuffle_epi8(t3, _mm_and_si128(_mm_srli_epi16(b, 4), nib)));
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(r, zero)) ^ 0xffffu;
    if (mask && check_mask(buf, n, i, mask, &context)) return 1;
  }
  return has_anchor_from(buf, n, i, context);
}
#endif

#if defined(__GNUC__) || defined(__clang__)
/*
 * Without SSSE3 (or on arm64): GCC/Clang vector types compare 16 positions and the bytes one
 * further with every anchor's pair; about three times as fast as the table loop.
 */
typedef uint8_t v16u8 __attribute__((vector_size(16)));
typedef uint64_t v2u64 __attribute__((vector_size(16)));
static v16u8 pair_first[MAX_ANCHORS], pair_second[MAX_ANCHORS];
static uint32_t pair_count = 0;

static int has_anchor_vector(const uint8_t *buf, size_t n) {
  size_t i = 0;
  int context = 0;
  for (; i + 17 <= n; i += 16) {
    v16u8 a, b, m = {0};
    memcpy(&a, buf + i, 16);
    memcpy(&b, buf + i + 1, 16);
    for (uint32_t k = 0; k < pair_count; k++) m |= (v16u8)((a == pair_first[k]) & (b == pair_second[k]));
    v2u64 q = (v2u64)m;
    if (q[0] | q[1]) {
      unsigned mask = 0;
      for (int j = 0; j < 16; j++)
        if (m[j]) mask |= 1u << j;
      if (check_mask(buf, n, i, mask, &context)) return 1;
    }
  }
  return has_anchor_from(buf, n, i, context);
}

static int (*has_anchor)(const uint8_t *, size_t) = has_anchor_vector;

static void build_filters(void) {
  pair_count = 0;
  for (uint32_t a = 0; a < anchor_count; a++) {
    uint8_t f = (uint8_t)(anchors[a].pair & 0xff), s = (uint8_t)(anchors[a].pair >> 8);
    uint32_t k;
    for (k = 0; k < pair_count; k++)
      if (pair_first[k][0] == f && pair_second[k][0] == s) break;
    if (k < pair_count) continue;
    for (int j = 0; j < 16; j++) {
      pair_first[pair_count][j] = f;
      pair_second[pair_count][j] = s;
    }
    pair_count++;
  }
#if defined(__x86_64__)
  teddy_build();
  if (__builtin_cpu_supports("ssse3") && !getenv("KEYDOCTOR_NO_SSSE3")) has_anchor = has_anchor_ssse3;
#endif
}
#else
static void build_filters(void) {}
static int has_anchor(const uint8_t *buf, size_t n) { return has_anchor_from(buf, n, 0, 0); }
#endif

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  char *paths;      /* NUL-terminated records (see classify), owned */
  size_t paths_len;
  uint32_t count;
  uint8_t *classes; /* one per path, owned */
  double bytes;     /* bytes read of files in class 0 and 1 */
  double max_file;
} Batch;

enum { CLEAN = 0, BINARY = 1, LOOK = 2 };
/* First byte of a folder record in a batch. */
#define DIR_RECORD 1
/* Kinds of listDir entries. KIND_PLAIN records are also batch records of one file each. */
#define KIND_DIR 2
#define KIND_OTHER 3
#define KIND_PLAIN 4
#define KIND_SPECIAL 5

/*
 * Opens `name` in the folder `dirfd` (POSIX: the kernel looks up one name, not the whole path
 * again for every file), or `path` when there is no folder handle.
 */
static int open_file(int dirfd, const char *name, const char *path) {
#ifndef _WIN32
  if (dirfd >= 0) return openat(dirfd, name, O_RDONLY_FLAGS);
#else
  (void)dirfd;
  (void)name;
#endif
  return open(path, O_RDONLY_FLAGS);
}

#define READ_CHUNK ((size_t)1 << 30)
#define FIRST_READ ((size_t)64 << 10)

static uint8_t classify_file(int dirfd, const char *name, const char *path, uint8_t **buf, size_t *cap, double max_file, double *bytes) {
  int fd = open_file(dirfd, name, path);
  if (fd < 0) return LOOK;
  size_t n = 0;
  uint8_t cls = LOOK;
  for (;;) {
    if (n == *cap) {
      struct stat st;
      if (fstat(fd, &st) != 0 || (double)st.st_size > max_file) goto done;
      size_t want = (size_t)st.st_size + 1 > *cap * 2 ? (size_t)st.st_size + 1 : *cap * 2;
      uint8_t *bigger = realloc(*buf, want);
      if (!bigger) goto done;
      *buf = bigger;
      *cap = want;
    }
    /* At most READ_CHUNK per call: Linux reads at most 0x7ffff000 bytes at once (and _read takes an
     * unsigned int), so only below that is a short read the file's end. */
    size_t want = *cap - n < READ_CHUNK ? *cap - n : READ_CHUNK;
    /* The first read takes 64 KiB at most: enough to tell a binary file (below), and the rest of a
     * text file follows in one more read. */
    if (n == 0 && want > FIRST_READ) want = FIRST_READ;
    long r = (long)read(fd, *buf + n, (unsigned)want);
    if (r < 0) {
      if (errno == EINTR) continue;
      goto done;
    }
    if (r == 0) break;
    int first = n == 0;
    n += (size_t)r;
    if ((double)n > max_file) goto done;
    /* A short read of a regular file is its end (as read.ts assumes too): one system call saved. */
    if ((size_t)r < want) break;
    /* A binary file is known by its first 8 KiB (a NUL there, as ripgrep decides): the rest of an
     * executable or an image is not read. Its size still counts as scanned; one past the size limit
     * goes to JavaScript as before (which says it is too large). */
    if (first && n >= BINARY_WINDOW) {
      const uint8_t *b = *buf;
      if (!(b[0] == 0xff && b[1] == 0xfe) && !(b[0] == 0xfe && b[1] == 0xff) && memchr(b, 0, BINARY_WINDOW)) {
        struct stat st;
        if (fstat(fd, &st) != 0 || (double)st.st_size > max_file) goto done;
        *bytes += (double)st.st_size > (double)n ? (double)st.st_size : (double)n;
        cls = BINARY;
        goto done;
      }
    }
  }
  {
    const uint8_t *b = *buf;
    if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff))) goto done; /* UTF-16: JavaScript decodes it */
    if (memchr(b, 0, n < BINARY_WINDOW ? n : BINARY_WINDOW)) {
      cls = BINARY;
    } else {
      cls = has_anchor(b, n) ? LOOK : CLEAN;
    }
    if (cls != LOOK) *bytes += (double)n;
  }
done:
  close(fd);
  return cls;
}

/* Longest path built from a folder record and a name; longer ones go back to JavaScript. */
#define PATH_BUF 8192

/*
 * Each pool thread keeps its read buffer between batches: a fresh 1 MiB buffer per batch is a fresh
 * mapping, and every page of it faults again when first read into.
 */
#if defined(_MSC_VER)
#define THREAD_LOCAL __declspec(thread)
#else
#define THREAD_LOCAL _Thread_local
#endif
static THREAD_LOCAL uint8_t *thread_buf = NULL;
static THREAD_LOCAL size_t thread_cap = 0;

static void execute(napi_env env, void *data) {
  (void)env;
  Batch *b = data;
  if (!thread_buf) {
    thread_cap = 1 << 20;
    thread_buf = malloc(thread_cap);
    if (!thread_buf) thread_cap = 0;
  }
  size_t cap = thread_cap;
  uint8_t *buf = thread_buf;
  char path[PATH_BUF];
  size_t dirlen = 0;
  int dirfd = -1;
  const char *p = b->paths;
  const char *end = b->paths + b->paths_len;
  uint32_t i = 0;
  while (p < end && i < b->count) {
    size_t len = strlen(p);
    unsigned char lead = (unsigned char)p[0];
    if (lead == KIND_DIR || lead == KIND_OTHER || lead == KIND_SPECIAL) {
      /* Other entries of a folder listing handed over whole: not files of this batch. */
      p += len + 1;
      continue;
    }
    if (lead == KIND_PLAIN) {
      /* A file record with its kind in front. */
      p++;
      len--;
    }
    if (lead == DIR_RECORD) {
      dirlen = len - 1 < PATH_BUF ? len - 1 : PATH_BUF;
      if (dirlen < PATH_BUF) memcpy(path, p + 1, dirlen);
#ifndef _WIN32
      if (dirfd >= 0) close(dirfd);
      dirfd = -1;
      if (dirlen < PATH_BUF) {
        path[dirlen] = 0;
        dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      }
#endif
    } else if (!buf || dirlen + 1 + len + 1 > PATH_BUF) {
      b->classes[i++] = LOOK;
    } else {
      path[dirlen] = '/';
      memcpy(path + dirlen + 1, p, len + 1);
      b->classes[i++] = classify_file(dirfd, p, path, &buf, &cap, b->max_file, &b->bytes);
      /* A buffer grown for one large file is not kept. */
      if (buf && cap > (4u << 20)) {
        free(buf);
        cap = 1 << 20;
        buf = malloc(cap);
      }
    }
    p += len + 1;
  }
  while (i < b->count) b->classes[i++] = LOOK;
#ifndef _WIN32
  if (dirfd >= 0) close(dirfd);
#endif
  thread_buf = buf;
  thread_cap = buf ? cap : 0;
#if defined(__GNUC__) || defined(__clang__)
  __atomic_fetch_sub(&running, 1, __ATOMIC_RELAXED);
#else
  running--;
#endif
}

/* Settles a promise with an Error carrying `message`. */
static void reject_with(napi_env env, napi_deferred deferred, const char *message) {
  napi_value msg, err;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, NULL, msg, &err);
  napi_reject_deferred(env, deferred, err);
}

static void complete(napi_env env, napi_status status, void *data) {
  Batch *b = data;
  in_flight--;
  napi_value result = NULL, classes, bytes;
  if (status == napi_ok && napi_create_buffer_copy(env, b->count, b->classes, NULL, &classes) == napi_ok &&
      napi_create_double(env, b->bytes, &bytes) == napi_ok && napi_create_object(env, &result) == napi_ok) {
    napi_set_named_property(env, result, "classes", classes);
    napi_set_named_property(env, result, "bytes", bytes);
    napi_resolve_deferred(env, b->deferred, result);
  } else {
    reject_with(env, b->deferred, "native prefilter batch failed");
  }
  napi_delete_async_work(env, b->work);
  free(b->paths);
  free(b->classes);
  free(b);
}

static napi_value throw_type(napi_env env, const char *msg) {
  napi_throw_type_error(env, NULL, msg);
  return NULL;
}

/* setAnchors([[Buffer anchor, pair offset, minimum key-character run, needs a hex run], ...]) */
static napi_value set_anchors(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) return throw_type(env, "setAnchors: a list");
  if (in_flight > 0) return throw_type(env, "setAnchors: batches are running");
  /* Every module instance (main thread, worker threads) sets the same list: set it once. */
  if (anchors_ready()) return NULL;
  uint32_t len;
  if (napi_get_array_length(env, argv[0], &len) != napi_ok || len > MAX_ANCHORS) return throw_type(env, "setAnchors: a list of at most 64");
  Anchor next[MAX_ANCHORS];
  for (uint32_t i = 0; i < len; i++) {
    napi_value item, bytes, off, run, hex;
    void *data;
    size_t n;
    uint32_t o, r;
    bool h;
    if (napi_get_element(env, argv[0], i, &item) != napi_ok || napi_get_element(env, item, 0, &bytes) != napi_ok ||
        napi_get_element(env, item, 1, &off) != napi_ok || napi_get_element(env, item, 2, &run) != napi_ok ||
        napi_get_element(env, item, 3, &hex) != napi_ok || napi_get_value_bool(env, hex, &h) != napi_ok ||
        napi_get_buffer_info(env, bytes, &data, &n) != napi_ok || napi_get_value_uint32(env, off, &o) != napi_ok ||
        napi_get_value_uint32(env, run, &r) != napi_ok)
      return throw_type(env, "setAnchors: entries are [Buffer, offset, run, hex]");
    if (n < 2 || n > MAX_ANCHOR_LEN || o + 2 > n) return throw_type(env, "setAnchors: anchor of 2 to 32 bytes, pair inside it");
    memcpy(next[i].bytes, data, n);
    next[i].len = (uint32_t)n;
    next[i].off = o;
    next[i].min_run = r;
    next[i].needs_hex = h;
    next[i].pair = (uint16_t)(next[i].bytes[o] | (next[i].bytes[o + 1] << 8));
  }
  memset(pair_bits, 0, sizeof pair_bits);
  memset(pair_head, 0, sizeof pair_head);
  for (uint32_t i = len; i-- > 0;) {
    anchors[i] = next[i];
    pair_bits[anchors[i].pair >> 3] |= (uint8_t)(1u << (anchors[i].pair & 7));
    anchor_next[i] = pair_head[anchors[i].pair];
    pair_head[anchors[i].pair] = (uint8_t)(i + 1);
  }
  anchor_count = len;
  build_filters();
  /* Published last: classify() reads the tables only once they are complete. */
#if defined(__GNUC__) || defined(__clang__)
  __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
#else
  ready = 1;
#endif
  return NULL;
}

/*
 * classify(records: Buffer, count, maxFileBytes) → Promise<{ classes, bytes }>
 * `records` are NUL-terminated: a folder record (DIR_RECORD, then the folder's absolute path) sets
 * the folder of the file names that follow it; a file record is a name, or KIND_PLAIN and a name
 * (as listDir writes them); KIND_DIR, KIND_OTHER and KIND_SPECIAL records are passed over. There
 * are `count` files in all.
 */
static napi_value classify(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) return throw_type(env, "classify: (paths, count, maxFileBytes)");
  void *data;
  size_t n;
  uint32_t count;
  double max_file;
  if (napi_get_buffer_info(env, argv[0], &data, &n) != napi_ok || napi_get_value_uint32(env, argv[1], &count) != napi_ok ||
      napi_get_value_double(env, argv[2], &max_file) != napi_ok)
    return throw_type(env, "classify: (Buffer, number, number)");
  if (!anchors_ready()) return throw_type(env, "classify: setAnchors first");
  /* The records must end with a NUL and hold exactly `count` file names. */
  const char *d = data;
  uint32_t names = 0;
  {
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
      if (d[i] != 0) continue;
      unsigned char lead = (unsigned char)d[start];
      if (lead != DIR_RECORD && lead != KIND_DIR && lead != KIND_OTHER && lead != KIND_SPECIAL) names++;
      start = i + 1;
    }
  }
  if (names != count || (n > 0 && d[n - 1] != 0)) return throw_type(env, "classify: count does not match the records");
  Batch *b = calloc(1, sizeof *b);
  if (!b) return throw_type(env, "classify: out of memory");
  b->paths = malloc(n ? n : 1);
  b->classes = malloc(count ? count : 1);
  if (!b->paths || !b->classes) {
    free(b->paths);
    free(b->classes);
    free(b);
    return throw_type(env, "classify: out of memory");
  }
  memcpy(b->paths, data, n);
  b->paths_len = n;
  b->count = count;
  b->max_file = max_file;
  napi_value promise, name;
  napi_create_promise(env, &b->deferred, &promise);
  napi_create_string_utf8(env, "keydoctor:prefilter", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute, complete, b, &b->work);
  if (napi_queue_async_work(env, b->work) != napi_ok) {
    napi_delete_async_work(env, b->work);
    free(b->paths);
    free(b->classes);
    free(b);
    return throw_type(env, "classify: could not queue the batch");
  }
  in_flight++;
#if defined(__GNUC__) || defined(__clang__)
  __atomic_fetch_add(&running, 1, __ATOMIC_RELAXED);
#else
  running++;
#endif
  return promise;
}

/* A buffer's class, as classify_file decides a file's from its bytes. */
static uint8_t classify_bytes(const uint8_t *b, size_t n) {
  if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff))) return LOOK; /* UTF-16: JavaScript decodes it */
  if (memchr(b, 0, n < BINARY_WINDOW ? n : BINARY_WINDOW)) return BINARY;
  return has_anchor(b, n) ? LOOK : CLEAN;
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref keep; /* the list of buffers, alive until the work is done */
  uint32_t count;
  const uint8_t **data;
  size_t *len;
  uint8_t *classes;
} Gate;

static void gate_execute(napi_env env, void *data) {
  (void)env;
  Gate *g = data;
  for (uint32_t i = 0; i < g->count; i++) g->classes[i] = classify_bytes(g->data[i], g->len[i]);
}

static void gate_complete(napi_env env, napi_status status, void *data) {
  Gate *g = data;
  in_flight--;
  napi_value classes;
  if (status == napi_ok && napi_create_buffer_copy(env, g->count, g->classes, NULL, &classes) == napi_ok)
    napi_resolve_deferred(env, g->deferred, classes);
  else
    reject_with(env, g->deferred, "native gate failed");
  napi_delete_reference(env, g->keep);
  napi_delete_async_work(env, g->work);
  free(g->data);
  free(g->len);
  free(g->classes);
  free(g);
}

/*
 * gate(buffers: Buffer[]) → Promise<Buffer>: each buffer's class (CLEAN, BINARY, LOOK) as classify
 * gives a file with those bytes, worked out on the pool: content already in memory (an archive's
 * entries) that holds no anchor need not be judged on the main thread.
 */
static napi_value gate(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint32_t count;
  bool is_array = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_is_array(env, argv[0], &is_array) != napi_ok ||
      !is_array || napi_get_array_length(env, argv[0], &count) != napi_ok)
    return throw_type(env, "gate: a list of buffers");
  if (!anchors_ready()) return throw_type(env, "gate: setAnchors first");
  Gate *g = calloc(1, sizeof *g);
  if (!g) return throw_type(env, "gate: out of memory");
  g->count = count;
  g->data = malloc((count ? count : 1) * sizeof *g->data);
  g->len = malloc((count ? count : 1) * sizeof *g->len);
  g->classes = malloc(count ? count : 1);
  if (!g->data || !g->len || !g->classes) goto fail;
  for (uint32_t i = 0; i < count; i++) {
    napi_value item;
    void *d;
    size_t n;
    bool is_buffer = false;
    if (napi_get_element(env, argv[0], i, &item) != napi_ok || napi_is_buffer(env, item, &is_buffer) != napi_ok || !is_buffer ||
        napi_get_buffer_info(env, item, &d, &n) != napi_ok) {
      free(g->data);
      free(g->len);
      free(g->classes);
      free(g);
      return throw_type(env, "gate: a list of buffers");
    }
    g->data[i] = d;
    g->len[i] = n;
  }
  napi_value promise, name;
  if (napi_create_reference(env, argv[0], 1, &g->keep) != napi_ok) goto fail;
  napi_create_promise(env, &g->deferred, &promise);
  napi_create_string_utf8(env, "keydoctor:gate", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, gate_execute, gate_complete, g, &g->work);
  if (napi_queue_async_work(env, g->work) != napi_ok) {
    napi_delete_async_work(env, g->work);
    napi_delete_reference(env, g->keep);
    goto fail;
  }
  in_flight++;
  return promise;
fail:
  free(g->data);
  free(g->len);
  free(g->classes);
  free(g);
  return throw_type(env, "gate: out of memory");
}

/* busy() → batches queued or running on the pool and not yet done (the walk paces itself by it). */
static napi_value busy(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
#if defined(__GNUC__) || defined(__clang__)
  int n = __atomic_load_n(&running, __ATOMIC_RELAXED);
#else
  int n = running;
#endif
  napi_create_int32(env, n, &out);
  return out;
}

#ifndef _WIN32
#include <dirent.h>
/*
 * listDir(path) → a Buffer, or a number (errno) when the folder cannot be listed:
 *   u32 plainCount, u32 plainBytes (little-endian), then the plain files as `KIND_PLAIN name NUL`
 *   records, then every other entry as `kind name NUL` (KIND_DIR, KIND_OTHER: symbolic links,
 *   devices, sockets; KIND_SPECIAL: a regular file named .gitignore or with a special suffix, see
 *   setSpecial), each part sorted by name (bytes, as libuv's scandir sorts).
 * Plain-file records are valid batch records for classify, so a walk can hand a folder's plain files
 * to the pool without touching them one by one. One call per folder; the rules stay in JavaScript.
 */
static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

#define MAX_SPECIAL 32
static char special_suffix[MAX_SPECIAL][24];
static uint32_t special_count = 0;

/* setSpecial([suffix, ...]): lower-case suffixes of files the walk must see one by one (archives). */
static napi_value set_special(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint32_t len;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_get_array_length(env, argv[0], &len) != napi_ok ||
      len > MAX_SPECIAL)
    return throw_type(env, "setSpecial: a list of at most 32 suffixes");
  for (uint32_t i = 0; i < len; i++) {
    napi_value item;
    size_t n;
    if (napi_get_element(env, argv[0], i, &item) != napi_ok ||
        napi_get_value_string_utf8(env, item, special_suffix[i], sizeof special_suffix[i], &n) != napi_ok || n + 1 >= sizeof special_suffix[i])
      return throw_type(env, "setSpecial: suffixes are short strings");
  }
  special_count = len;
  return NULL;
}

static int is_special(const char *name, size_t len) {
  if (strcmp(name, ".gitignore") == 0) return 1;
  for (uint32_t i = 0; i < special_count; i++) {
    size_t k = strlen(special_suffix[i]);
    if (k > len) continue;
    size_t j = 0;
    while (j < k) {
      char c = name[len - k + j];
      if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
      if (c != special_suffix[i][j]) break;
      j++;
    }
    if (j == k) return 1;
  }
  return 0;
}

static napi_value list_dir(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], out;
  char path[PATH_BUF];
  size_t plen;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_string_utf8(env, argv[0], path, sizeof path, &plen) != napi_ok || plen + 1 >= sizeof path)
    return throw_type(env, "listDir: a folder path");
  DIR *d = opendir(path);
  if (!d) {
    napi_create_int32(env, errno, &out);
    return out;
  }
  /* Entries as `kind name NUL` in `raw`, then sorted and split into the two parts. */
  size_t cap = 16384, n = 0, count = 0;
  uint8_t *raw = malloc(cap);
  struct dirent *e;
  int fd = dirfd(d);
  int failed = raw == NULL;
  while (!failed && (e = readdir(d)) != NULL) {
    const char *name = e->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    uint8_t kind;
    unsigned char t = e->d_type;
    if (t == DT_UNKNOWN) {
      struct stat st;
      if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) t = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_LNK;
    }
    size_t len = strlen(name);
    if (t == DT_REG) kind = is_special(name, len) ? KIND_SPECIAL : KIND_PLAIN;
    else if (t == DT_DIR) kind = KIND_DIR;
    else kind = KIND_OTHER;
    if (n + len + 2 > cap) {
      size_t want = (n + len + 2) * 2;
      uint8_t *bigger = realloc(raw, want);
      if (!bigger) {
        failed = 1;
        break;
      }
      raw = bigger;
      cap = want;
    }
    raw[n++] = kind;
    memcpy(raw + n, name, len + 1);
    n += len + 1;
    count++;
  }
  closedir(d);
  char **names = failed ? NULL : malloc((count ? count : 1) * sizeof *names);
  uint8_t *sorted = names ? malloc(n + 8) : NULL;
  if (!sorted) {
    free(raw);
    free(names);
    return throw_type(env, "listDir: out of memory");
  }
  for (size_t at = 0, i = 0; i < count; i++) {
    names[i] = (char *)raw + at + 1;
    at += strlen(names[i]) + 2;
  }
  qsort(names, count, sizeof *names, by_name);
  size_t m = 8;
  uint32_t plain = 0;
  for (int part = 0; part < 2; part++) {
    for (size_t i = 0; i < count; i++) {
      uint8_t kind = (uint8_t)names[i][-1];
      if ((kind == KIND_PLAIN) != (part == 0)) continue;
      size_t len = strlen(names[i]);
      sorted[m++] = kind;
      memcpy(sorted + m, names[i], len + 1);
      m += len + 1;
      if (kind == KIND_PLAIN) plain++;
    }
    if (part == 0) {
      uint32_t bytes = (uint32_t)(m - 8);
      for (int k = 0; k < 4; k++) {
        sorted[k] = (uint8_t)(plain >> (8 * k));
        sorted[4 + k] = (uint8_t)(bytes >> (8 * k));
      }
    }
  }
  napi_status st = napi_create_buffer_copy(env, m, sorted, NULL, &out);
  free(raw);
  free(names);
  free(sorted);
  if (st != napi_ok) return throw_type(env, "listDir: out of memory");
  return out;
}
#endif

/*
 * readFiles(paths: Buffer of NUL-terminated absolute paths, count, max) → Array of, per path: a
 * Buffer with the whole file, its size (a number >= 0) when that is over `max`, or -errno when it
 * cannot be read (a folder, a FIFO or anything not a regular file: -EINVAL). One call for many
 * files: the collectors read hundreds of small files, and four JavaScript-to-C++ calls per file
 * (open, fstat, read, close) cost more than the reading.
 */
/*
 * The arguments of readFiles and readFilesAsync: (paths: Buffer of NUL-terminated paths, count, max).
 * 0 when they are good; 1 when they are not of those types; 2 when count is not the number of paths.
 */
static int path_list_args(napi_env env, napi_callback_info info, const char **paths, size_t *n, uint32_t *count, double *max) {
  size_t argc = 3;
  napi_value argv[3];
  void *data;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 || napi_get_buffer_info(env, argv[0], &data, n) != napi_ok ||
      napi_get_value_uint32(env, argv[1], count) != napi_ok || napi_get_value_double(env, argv[2], max) != napi_ok)
    return 1;
  const char *d = data;
  uint32_t seen = 0;
  for (size_t i = 0; i < *n; i++)
    if (d[i] == 0) seen++;
  if (seen != *count || (*n > 0 && d[*n - 1] != 0)) return 2;
  *paths = d;
  return 0;
}

static napi_value read_files(napi_env env, napi_callback_info info) {
  napi_value arr, item;
  const char *d;
  size_t n;
  uint32_t count;
  double max;
  int bad = path_list_args(env, info, &d, &n, &count, &max);
  if (bad) return throw_type(env, bad == 1 ? "readFiles: (Buffer, number, number)" : "readFiles: count does not match the paths");
  if (napi_create_array_with_length(env, count, &arr) != napi_ok) return throw_type(env, "readFiles: out of memory");
  const char *p = d;
  for (uint32_t i = 0; i < count; i++) {
    size_t len = strlen(p);
    int err = 0;
    item = NULL;
#ifdef _WIN32
    int fd = open(p, O_RDONLY_FLAGS);
#else
    int fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
#endif
    if (fd < 0) {
      err = errno;
    } else {
      struct stat st;
      if (fstat(fd, &st) != 0) {
        err = errno;
      } else if ((st.st_mode & S_IFMT) != S_IFREG) {
        err = EINVAL;
      } else if ((double)st.st_size > max) {
        napi_create_double(env, (double)st.st_size, &item);
      } else {
        size_t size = (size_t)st.st_size, got = 0;
        void *bytes;
        napi_value buf;
        if (napi_create_buffer(env, size, &bytes, &buf) != napi_ok) {
          err = ENOMEM;
        } else {
          while (got < size) {
            size_t want = size - got < READ_CHUNK ? size - got : READ_CHUNK;
            long r = (long)read(fd, (uint8_t *)bytes + got, (unsigned)want);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) {
              err = errno;
              break;
            }
            if (r == 0) break;
            got += (size_t)r;
          }
          if (!err && got < size) {
            /* The file shrank while it was read: what is there. */
            napi_value part;
            if (napi_create_buffer_copy(env, got, bytes, NULL, &part) == napi_ok) item = part;
            else err = ENOMEM;
          } else if (!err) {
            item = buf;
          }
        }
      }
      close(fd);
    }
    if (err) napi_create_int32(env, -err, &item);
    if (item) napi_set_element(env, arr, i, item);
    p += len + 1;
  }
  return arr;
}

/*
 * readFilesAsync(paths, count, max) → Promise<[data: Buffer, meta: Float64Array]>: readFiles on
 * the thread pool, so the caller works on the files it has while the next ones are read. All the
 * files' bytes come back in one buffer (one allocation per call, not one per file); meta holds two
 * numbers per path: [offset, length] of its bytes in data, [-1, size] when it is over `max` (not
 * read), [-2, errno] when it cannot be read (-2, EINVAL: not a regular file). Same checks as readFiles.
 */
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  char *paths;
  uint32_t count;
  double max;
  uint8_t *data;
  size_t len, cap;
  double *meta;
  int failed;
} ReadBatch;

static int batch_room(ReadBatch *b, size_t more) {
  if (b->len + more <= b->cap) return 1;
  size_t want = b->cap ? b->cap : (size_t)64 << 10;
  while (want < b->len + more) want *= 2;
  uint8_t *bigger = realloc(b->data, want);
  if (!bigger) return 0;
  b->data = bigger;
  b->cap = want;
  return 1;
}

static void read_batch_execute(napi_env env, void *data) {
  (void)env;
  ReadBatch *b = data;
  const char *p = b->paths;
  for (uint32_t i = 0; i < b->count; i++, p += strlen(p) + 1) {
    double *m = b->meta + 2 * (size_t)i;
    int fd = open(p, O_RDONLY_FLAGS);
    if (fd < 0) {
      m[0] = -2, m[1] = errno;
      continue;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
      m[0] = -2, m[1] = errno;
    } else if ((st.st_mode & S_IFMT) != S_IFREG) {
      m[0] = -2, m[1] = EINVAL;
    } else if ((double)st.st_size > b->max) {
      m[0] = -1, m[1] = (double)st.st_size;
    } else if (!batch_room(b, (size_t)st.st_size)) {
      m[0] = -2, m[1] = ENOMEM;
    } else {
      size_t size = (size_t)st.st_size, got = 0;
      int err = 0;
      while (got < size) {
        size_t want = size - got < READ_CHUNK ? size - got : READ_CHUNK;
        long r = (long)read(fd, b->data + b->len + got, (unsigned)want);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
          err = errno;
          break;
        }
        if (r == 0) break; /* the file shrank while it was read: what is there */
        got += (size_t)r;
      }
      if (err) {
        m[0] = -2, m[1] = err;
      } else {
        m[0] = (double)b->len, m[1] = (double)got;
        b->len += got;
      }
    }
    close(fd);
  }
}

static void read_batch_free(void *data) {
  ReadBatch *b = data;
  free(b->paths);
  free(b->data);
  free(b->meta);
  free(b);
}

static void finalize_bytes(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

static void read_batch_complete(napi_env env, napi_status status, void *data) {
  ReadBatch *b = data;
  napi_value out, bytes, ab, meta;
  void *room;
  int ok = status == napi_ok;
  if (ok) {
    /* The bytes are handed over as they are (no copy) where the runtime allows external buffers. */
    if (b->len > 0 && napi_create_external_buffer(env, b->len, b->data, finalize_bytes, NULL, &bytes) == napi_ok)
      b->data = NULL;
    else if (napi_create_buffer_copy(env, b->len, b->data ? b->data : (uint8_t *)"", NULL, &bytes) != napi_ok)
      ok = 0;
  }
  size_t mlen = 2 * (size_t)b->count * sizeof(double);
  if (ok && napi_create_arraybuffer(env, mlen, &room, &ab) == napi_ok) {
    if (mlen) memcpy(room, b->meta, mlen);
    ok = napi_create_typedarray(env, napi_float64_array, 2 * (size_t)b->count, ab, 0, &meta) == napi_ok &&
         napi_create_array_with_length(env, 2, &out) == napi_ok && napi_set_element(env, out, 0, bytes) == napi_ok &&
         napi_set_element(env, out, 1, meta) == napi_ok;
  } else {
    ok = 0;
  }
  if (ok) napi_resolve_deferred(env, b->deferred, out);
  else reject_with(env, b->deferred, "readFilesAsync failed");
  napi_delete_async_work(env, b->work);
  read_batch_free(b);
}

static napi_value read_files_async(napi_env env, napi_callback_info info) {
  const char *d;
  size_t n;
  uint32_t count;
  double max;
  int bad = path_list_args(env, info, &d, &n, &count, &max);
  if (bad)
    return throw_type(env, bad == 1 ? "readFilesAsync: (Buffer, number, number)" : "readFilesAsync: count does not match the paths");
  ReadBatch *b = calloc(1, sizeof *b);
  if (!b) return throw_type(env, "readFilesAsync: out of memory");
  b->paths = malloc(n ? n : 1);
  b->meta = malloc((count ? 2 * (size_t)count : 1) * sizeof(double));
  if (!b->paths || !b->meta) {
    read_batch_free(b);
    return throw_type(env, "readFilesAsync: out of memory");
  }
  if (n) memcpy(b->paths, d, n);
  b->count = count;
  b->max = max;
  napi_value promise, name;
  napi_create_promise(env, &b->deferred, &promise);
  napi_create_string_utf8(env, "keydoctor:readFilesAsync", NAPI_AUTO_LENGTH, &name);
  if (napi_create_async_work(env, NULL, name, read_batch_execute, read_batch_complete, b, &b->work) != napi_ok) {
    reject_with(env, b->deferred, "readFilesAsync: cannot queue the work");
    read_batch_free(b);
  } else if (napi_queue_async_work(env, b->work) != napi_ok) {
    napi_delete_async_work(env, b->work);
    reject_with(env, b->deferred, "readFilesAsync: cannot queue the work");
    read_batch_free(b);
  }
  return promise;
}

#ifndef _WIN32
#include <pthread.h>
#include "ignore.h"
/*
 * Rule sets: one per .gitignore, compiled in JavaScript by the `ignore` package and handed over
 * as that package's regular expressions (addRules). Added on the main thread, never freed (a
 * process reads few .gitignore files, and JavaScript keeps one id per file and content); a walk
 * resolves its ids when it starts, so its threads only read them.
 */
static KdRuleset **rulesets = NULL;
static uint32_t nrulesets = 0, caprulesets = 0;

static void ruleset_free(KdRuleset *rs) {
  if (!rs) return;
  for (uint32_t i = 0; i < rs->count; i++) kd_regex_free(rs->rules[i].re);
  free(rs->rules);
  free(rs);
}

/*
 * addRules([[source, negative, basenameOnly, ignoreCase], ...], shortcut) → id, or -1 when a rule's
 * expression is outside what native/ignore.c matches (the JavaScript walk keeps those folders).
 */
static napi_value add_rules(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out;
  uint32_t len;
  bool shortcut;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 || napi_get_array_length(env, argv[0], &len) != napi_ok ||
      napi_get_value_bool(env, argv[1], &shortcut) != napi_ok)
    return throw_type(env, "addRules: (rules, shortcut)");
  KdRuleset *rs = calloc(1, sizeof *rs);
  if (!rs || (len && !(rs->rules = calloc(len, sizeof *rs->rules)))) {
    free(rs);
    return throw_type(env, "addRules: out of memory");
  }
  rs->shortcut = shortcut;
  int ok = 1;
  for (uint32_t i = 0; i < len && ok; i++) {
    napi_value item, v;
    bool neg, bn, ic;
    size_t n;
    char src[4096];
    ok = napi_get_element(env, argv[0], i, &item) == napi_ok && napi_get_element(env, item, 0, &v) == napi_ok &&
         napi_get_value_string_utf8(env, v, src, sizeof src, &n) == napi_ok && n + 1 < sizeof src &&
         napi_get_element(env, item, 1, &v) == napi_ok && napi_get_value_bool(env, v, &neg) == napi_ok &&
         napi_get_element(env, item, 2, &v) == napi_ok && napi_get_value_bool(env, v, &bn) == napi_ok &&
         napi_get_element(env, item, 3, &v) == napi_ok && napi_get_value_bool(env, v, &ic) == napi_ok;
    if (!ok) break;
    rs->rules[i].re = kd_regex_compile(src, n, ic);
    rs->rules[i].negative = neg;
    rs->rules[i].basename_only = bn;
    rs->count = i + 1;
    if (!rs->rules[i].re) ok = 0;
  }
  if (ok && nrulesets == caprulesets) {
    uint32_t want = caprulesets ? caprulesets * 2 : 16;
    KdRuleset **bigger = realloc(rulesets, want * sizeof *bigger);
    if (bigger) {
      rulesets = bigger;
      caprulesets = want;
    } else {
      ok = 0;
    }
  }
  if (!ok) {
    ruleset_free(rs);
    napi_create_int32(env, -1, &out);
    return out;
  }
  rulesets[nrulesets] = rs;
  napi_create_int32(env, (int32_t)nrulesets++, &out);
  return out;
}

/*
 * testRules(id, paths: string[]) → Uint8Array of KD_NONE / KD_IGNORED / KD_UNIGNORED (255: not
 * matched, such as a path that is not valid UTF-16 or too long): one ruleset's test() of each
 * path, for the tests that hold native/ignore.c to the `ignore` package.
 */
static napi_value test_rules(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out, item;
  int32_t id;
  uint32_t len;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 || napi_get_value_int32(env, argv[0], &id) != napi_ok ||
      id < 0 || (uint32_t)id >= nrulesets || napi_get_array_length(env, argv[1], &len) != napi_ok)
    return throw_type(env, "testRules: (id, paths)");
  void *data;
  napi_value ab;
  if (napi_create_arraybuffer(env, len ? len : 1, &data, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, len, ab, 0, &out) != napi_ok)
    return throw_type(env, "testRules: out of memory");
  uint8_t *res = data;
  KdScratch sc = {NULL, 0, 0};
  static uint16_t units[PATH_BUF];
  for (uint32_t i = 0; i < len; i++) {
    size_t n;
    res[i] = 255;
    if (napi_get_element(env, argv[1], i, &item) != napi_ok || napi_get_value_string_utf16(env, item, units, PATH_BUF, &n) != napi_ok || n + 1 >= PATH_BUF) continue;
    int r = kd_ruleset_test(rulesets[id], units, n, &sc);
    if (r >= 0) res[i] = (uint8_t)r;
  }
  kd_scratch_free(&sc);
  return out;
}

/*
 * walk(root, { skip, bundleDirs, bundleSkip, stopAtGitignore, maxFiles, maxFileBytes, threads, starts? })
 *   → Promise<{ look, special, maybe, deferred, errors, files, bytes, binary, stopped }>
 *
 * The scan of a tree in C: `threads` threads take folders from one queue, list them, apply the
 * .gitignore rules in force, and classify the regular files as `classify` does. It never follows
 * symbolic links, passes over the `skip` folder names (and `bundleSkip` names inside a `bundleDirs`
 * folder). It starts from `starts` ([{ dir, inBundle, ignored, own, levels: [[rulesetId, base,
 * ignored], ...] }]; default: the root with no rules), each with the rule levels in force there,
 * outermost first: a level's ruleset, the UTF-16 length of the relative path before the level's
 * own paths (0 at the root, else the folder's relative path and a slash), and whether that level
 * ignores the start folder itself. With `stopAtGitignore`, a folder holding a .gitignore whose
 * rules are not yet among its levels (`own`) is left to JavaScript, which compiles them and starts
 * again from there. The decisions are those of src/scan/walk.ts (see test_levels). What comes back,
 * as NUL-terminated records:
 *   look     absolute paths of files to judge in JavaScript (an anchor, UTF-16, errors, too large)
 *   special  absolute paths of .gitignore files and archives (JavaScript reads them one by one)
 *   maybe    `b` + absolute path of regular files a rule ignores (b: '1' inside a bundle folder):
 *            JavaScript keeps the dotenv files and shipped bundle files among them
 *   deferred `k` `f` levels TAB absolute path, of folders left to JavaScript: k 'g' when the folder
 *            holds a .gitignore to compile, 'j' when JavaScript must walk it (a name that is not
 *            UTF-8, a path too long); f '0' + 1 inside a bundle folder + 2 ignored; levels (its
 *            levels, their states for this folder) as `id,base,ignored` joined by ';'
 *   errors   `errno:path` of folders that could not be listed
 * `stopped`: more than maxFiles files (the walk stops taking folders).
 */
typedef struct {
  char *data;
  size_t len, cap;
} StrBuf;

static int sb_add(StrBuf *b, const char *prefix, const char *s) {
  size_t pl = prefix ? strlen(prefix) : 0, sl = strlen(s);
  if (b->len + pl + sl + 1 > b->cap) {
    size_t want = (b->len + pl + sl + 1) * 2 + 256;
    char *bigger = realloc(b->data, want);
    if (!bigger) return 0;
    b->data = bigger;
    b->cap = want;
  }
  if (pl) memcpy(b->data + b->len, prefix, pl);
  memcpy(b->data + b->len + pl, s, sl + 1);
  b->len += pl + sl + 1;
  return 1;
}

typedef struct {
  const KdRuleset *rs;
  uint32_t base;  /* UTF-16 units of the relative path before this level's paths */
  int32_t id;
  uint8_t st;     /* this level ignores the folder (then everything under it: the package's parent rule) */
} Level;

#define MAX_LEVELS 64
typedef struct {
  char *path;
  int in_bundle;
  int ignored;   /* a folder above is ignored: walked only as a bundle folder */
  int own;       /* its own .gitignore is among the levels */
  int nlevels;
  Level *levels; /* owned */
} DirItem;

#define MAX_NAMES 64
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  char *root;
  size_t rootlen;
  char *skip[MAX_NAMES];
  int nskip;
  char *bundle_dirs[MAX_NAMES];
  int nbundle;
  char *bundle_skip[MAX_NAMES];
  int nbskip;
  int stop_at_gitignore;
  double max_files, max_file;
  int threads;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  DirItem *q;
  size_t qlen, qcap;
  DirItem *starts;
  size_t nstarts;
  int active;
  int stopped;
  int failed;
  StrBuf look, special, maybe, later, errors;
  double files, bytes, binary;
  /* options.onSpecial: each archive's path as the walk finds it, so JavaScript can start opening
   * it while the walk goes on (the result lists it in `special` all the same). */
  napi_threadsafe_function on_special;
  /* options.onLook: each file the prefilter marks, as it is marked, so JavaScript can judge it while
   * the walk goes on instead of after it (the result lists it in `look` all the same). */
  napi_threadsafe_function on_look;
} WalkJob;

static int in_list(char **list, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(list[i], name) == 0) return 1;
  return 0;
}

static void item_free(DirItem *d) {
  free(d->path);
  free(d->levels);
  d->path = NULL;
  d->levels = NULL;
}

/* Under the lock; takes `item` (its memory goes with it). */
static int push_dir(WalkJob *w, DirItem item) {
  if (w->qlen == w->qcap) {
    size_t want = w->qcap ? w->qcap * 2 : 256;
    DirItem *bigger = realloc(w->q, want * sizeof *bigger);
    if (!bigger) return 0;
    w->q = bigger;
    w->qcap = want;
  }
  w->q[w->qlen++] = item;
  return 1;
}

typedef struct {
  char *name;
  unsigned char type;
} Entry;

/* What the walk does with one entry (decided for the whole folder before anything is done). */
enum { D_SKIP = 0, D_DIR, D_DIR_IGNORED, D_FILE, D_MAYBE };

/* Per-thread memory: the regular-expression memo and the path as UTF-16 units. */
typedef struct {
  KdScratch scratch;
  uint16_t units[PATH_BUF];
  uint8_t states[MAX_LEVELS];
} Thread;

/*
 * src/scan/walk.ts's test() over the levels, for the relative path `u[0..n)` (with a trailing
 * slash for a folder): each level's answer is the `ignore` package's test() of the path relative
 * to it (ignored when the level ignores the parent folder, else its last matching rule); a level
 * that ignores makes it ignored, one that un-ignores makes it not. `states` gets each level's
 * "ignores it". -1 when out of memory.
 */
static int test_levels(const DirItem *item, const uint16_t *u, size_t n, uint8_t *states, KdScratch *sc) {
  int ign = 0;
  for (int l = 0; l < item->nlevels; l++) {
    const Level *L = &item->levels[l];
    int r = KD_IGNORED;
    if (!L->st) {
      if (L->base >= n) return -1;
      r = kd_ruleset_test(L->rs, u + L->base, n - L->base, sc);
      if (r < 0) return -1;
    }
    if (r == KD_IGNORED) ign = 1;
    else if (r == KD_UNIGNORED) ign = 0;
    if (states) states[l] = r == KD_IGNORED;
  }
  return ign;
}

static int add_deferred(WalkJob *w, const DirItem *item, char kind) {
  char head[8 + MAX_LEVELS * 40];
  size_t at = 0;
  head[at++] = kind;
  head[at++] = (char)('0' + (item->in_bundle ? 1 : 0) + (item->ignored ? 2 : 0));
  for (int l = 0; l < item->nlevels; l++)
    at += (size_t)snprintf(head + at, sizeof head - at, "%s%d,%u,%d", l ? ";" : "", item->levels[l].id, item->levels[l].base, item->levels[l].st);
  head[at++] = '\t';
  head[at] = 0;
  pthread_mutex_lock(&w->mu);
  int ok = sb_add(&w->later, head, item->path);
  if (!ok) w->failed = 1;
  pthread_mutex_unlock(&w->mu);
  return ok;
}

static void walk_dir(WalkJob *w, DirItem *item, uint8_t **buf, size_t *cap, Thread *t) {
  DIR *d = opendir(item->path);
  if (!d) {
    char code[32];
    snprintf(code, sizeof code, "%d:", errno);
    pthread_mutex_lock(&w->mu);
    if (!sb_add(&w->errors, code, item->path)) w->failed = 1;
    pthread_mutex_unlock(&w->mu);
    return;
  }
  int fd = dirfd(d);
  Entry *list = NULL;
  uint8_t *what = NULL;
  uint8_t *kid_states = NULL;
  size_t n = 0, lcap = 0;
  int has_gitignore = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    const char *name = e->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    unsigned char ty = e->d_type;
    if (ty == DT_UNKNOWN) {
      struct stat st;
      ty = fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? (S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_LNK) : DT_LNK;
    }
    if (ty != DT_REG && ty != DT_DIR) continue; /* symbolic links, devices, sockets: never followed or read */
    if (ty == DT_REG && strcmp(name, ".gitignore") == 0) has_gitignore = 1;
    if (n == lcap) {
      lcap = lcap ? lcap * 2 : 64;
      Entry *bigger = realloc(list, lcap * sizeof *bigger);
      if (!bigger) {
        w->failed = 1;
        break;
      }
      list = bigger;
    }
    list[n].name = strdup(name);
    list[n].type = ty;
    if (!list[n].name) {
      w->failed = 1;
      break;
    }
    n++;
  }
  size_t plen = strlen(item->path);
  int nl = item->nlevels;
  if (w->stop_at_gitignore && has_gitignore && !item->own) {
    add_deferred(w, item, 'g');
    goto out;
  }
  what = malloc(n ? n : 1);
  kid_states = nl ? malloc((n ? n : 1) * (size_t)nl) : NULL;
  if (!what || (nl && !kid_states)) {
    w->failed = 1;
    goto out;
  }
  /* The folder's relative path as UTF-16 units (only where rules apply). */
  size_t dn = 0;
  if (nl) {
    const char *rel = plen > w->rootlen ? item->path + w->rootlen + 1 : "";
    long got = kd_utf16((const uint8_t *)rel, strlen(rel), t->units, PATH_BUF - 2);
    if (got < 0) goto to_js; /* not UTF-8: JavaScript decodes names its own way */
    dn = (size_t)got;
    if (dn) t->units[dn++] = '/';
  }
  for (size_t i = 0; i < n; i++) {
    const char *name = list[i].name;
    int is_dir = list[i].type == DT_DIR;
    if (is_dir && (in_list(w->skip, w->nskip, name) || (item->in_bundle && in_list(w->bundle_skip, w->nbskip, name)))) {
      what[i] = D_SKIP;
      continue;
    }
    int ignored = item->ignored;
    if (nl) {
      long got = kd_utf16((const uint8_t *)name, strlen(name), t->units + dn, PATH_BUF - 2 - dn);
      if (got < 0) goto to_js;
      size_t un = dn + (size_t)got;
      if (is_dir) t->units[un++] = '/';
      int r = test_levels(item, t->units, un, kid_states + i * (size_t)nl, &t->scratch);
      if (r < 0) goto to_js;
      ignored = ignored || r;
    }
    if (is_dir) {
      int bundle = item->in_bundle || in_list(w->bundle_dirs, w->nbundle, name);
      /* An ignored folder is walked only when it is build output (its files are then all ignored). */
      what[i] = !ignored ? D_DIR : bundle ? D_DIR_IGNORED : D_SKIP;
    } else {
      what[i] = ignored ? D_MAYBE : D_FILE;
    }
  }
  for (size_t i = 0; i < n; i++) {
    if (what[i] == D_SKIP) continue;
    const char *name = list[i].name;
    size_t len = strlen(name);
    char *path = malloc(plen + len + 2);
    if (!path) {
      w->failed = 1;
      break;
    }
    memcpy(path, item->path, plen);
    path[plen] = '/';
    memcpy(path + plen + 1, name, len + 1);
    if (what[i] == D_DIR || what[i] == D_DIR_IGNORED) {
      DirItem kid = {path, item->in_bundle || in_list(w->bundle_dirs, w->nbundle, name), what[i] == D_DIR_IGNORED, 0, nl, NULL};
      if (nl) {
        kid.levels = malloc((size_t)nl * sizeof *kid.levels);
        if (!kid.levels) {
          free(path);
          w->failed = 1;
          break;
        }
        for (int l = 0; l < nl; l++) {
          kid.levels[l] = item->levels[l];
          kid.levels[l].st = kid_states[i * (size_t)nl + (size_t)l];
        }
      }
      pthread_mutex_lock(&w->mu);
      int ok = !w->stopped && push_dir(w, kid);
      if (ok) pthread_cond_signal(&w->cv);
      pthread_mutex_unlock(&w->mu);
      if (!ok) item_free(&kid);
      continue;
    }
    if (what[i] == D_MAYBE) {
      pthread_mutex_lock(&w->mu);
      if (!sb_add(&w->maybe, item->in_bundle ? "1" : "0", path)) w->failed = 1;
      pthread_mutex_unlock(&w->mu);
      free(path);
      continue;
    }
    pthread_mutex_lock(&w->mu);
    w->files++;
    int over = w->files > w->max_files;
    if (over) w->stopped = 1;
    pthread_mutex_unlock(&w->mu);
    if (over) {
      free(path);
      break;
    }
    if (is_special(name, len)) {
      pthread_mutex_lock(&w->mu);
      if (!sb_add(&w->special, NULL, path)) w->failed = 1;
      pthread_mutex_unlock(&w->mu);
      if (w->on_special) {
        char *copy = strdup(path);
        if (copy && napi_call_threadsafe_function(w->on_special, copy, napi_tsfn_nonblocking) != napi_ok) free(copy);
      }
    } else {
      double bytes = 0;
      uint8_t cls = classify_file(fd, name, path, buf, cap, w->max_file, &bytes);
      if (*buf && *cap > (4u << 20)) {
        free(*buf);
        *cap = 1 << 20;
        *buf = malloc(*cap);
      }
      pthread_mutex_lock(&w->mu);
      w->bytes += bytes;
      if (cls == BINARY) w->binary++;
      else if (cls == LOOK && !sb_add(&w->look, NULL, path)) w->failed = 1;
      pthread_mutex_unlock(&w->mu);
      if (cls == LOOK && w->on_look) {
        char *copy = strdup(path);
        if (copy && napi_call_threadsafe_function(w->on_look, copy, napi_tsfn_nonblocking) != napi_ok) free(copy);
      }
    }
    free(path);
  }
  goto out;
to_js:
  /* A name that is not UTF-8, a path too long, no memory for the matcher: JavaScript walks it. */
  add_deferred(w, item, 'j');
out:
  for (size_t i = 0; i < n; i++) free(list[i].name);
  free(list);
  free(what);
  free(kid_states);
  closedir(d);
}

static void *walk_thread(void *arg) {
  WalkJob *w = arg;
  size_t cap = 1 << 20;
  uint8_t *buf = malloc(cap);
  Thread *t = calloc(1, sizeof *t);
  for (;;) {
    pthread_mutex_lock(&w->mu);
    while (w->qlen == 0 && w->active > 0) pthread_cond_wait(&w->cv, &w->mu);
    if (w->qlen == 0 || !buf || !t) {
      /* Nothing queued and nobody listing: the walk is over (or there is no memory). */
      if (w->qlen > 0) w->failed = 1;
      pthread_cond_broadcast(&w->cv);
      pthread_mutex_unlock(&w->mu);
      break;
    }
    DirItem item = w->q[--w->qlen];
    w->active++;
    pthread_mutex_unlock(&w->mu);
    walk_dir(w, &item, &buf, &cap, t);
    item_free(&item);
    pthread_mutex_lock(&w->mu);
    w->active--;
    if (w->active == 0 && w->qlen == 0) pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
  }
  free(buf);
  if (t) kd_scratch_free(&t->scratch);
  free(t);
  return NULL;
}

static void walk_execute(napi_env env, void *data) {
  (void)env;
  WalkJob *w = data;
  /* The starts go on the queue in reverse, so the first is listed first. */
  for (size_t i = w->nstarts; i-- > 0;) {
    if (!push_dir(w, w->starts[i])) {
      w->failed = 1;
      for (size_t k = 0; k <= i; k++) item_free(&w->starts[k]);
      w->nstarts = 0;
      return;
    }
  }
  w->nstarts = 0;
  pthread_t extra[16];
  int started = 0;
  for (int i = 1; i < w->threads && i <= 16; i++)
    if (pthread_create(&extra[started], NULL, walk_thread, w) == 0) started++;
  walk_thread(w);
  for (int i = 0; i < started; i++) pthread_join(extra[i], NULL);
  /* Folders left in the queue after a stop */
  while (w->qlen > 0) item_free(&w->q[--w->qlen]);
}

static napi_value strbuf_value(napi_env env, StrBuf *b) {
  napi_value v;
  napi_create_buffer_copy(env, b->len, b->data ? b->data : "", NULL, &v);
  return v;
}

static void walk_free(WalkJob *w) {
  free(w->root);
  for (int i = 0; i < w->nskip; i++) free(w->skip[i]);
  for (int i = 0; i < w->nbundle; i++) free(w->bundle_dirs[i]);
  for (int i = 0; i < w->nbskip; i++) free(w->bundle_skip[i]);
  for (size_t i = 0; i < w->nstarts; i++) item_free(&w->starts[i]);
  free(w->starts);
  free(w->q);
  free(w->look.data);
  free(w->special.data);
  free(w->maybe.data);
  free(w->later.data);
  free(w->errors.data);
  free(w);
}

/* On the main thread: hands one path to options.onSpecial or options.onLook (env is NULL when the function is going away). */
static void call_on_special(napi_env env, napi_value fn, void *context, void *data) {
  (void)context;
  char *path = data;
  if (env && fn) {
    napi_value arg, undefined;
    if (napi_create_string_utf8(env, path, NAPI_AUTO_LENGTH, &arg) == napi_ok && napi_get_undefined(env, &undefined) == napi_ok)
      napi_call_function(env, undefined, fn, 1, &arg, NULL);
  }
  free(path);
}

static void walk_complete(napi_env env, napi_status status, void *data) {
  WalkJob *w = data;
  in_flight--;
  /* Paths still queued are delivered first, then the function goes. */
  if (w->on_special) napi_release_threadsafe_function(w->on_special, napi_tsfn_release);
  w->on_special = NULL;
  if (w->on_look) napi_release_threadsafe_function(w->on_look, napi_tsfn_release);
  w->on_look = NULL;
  napi_value result, v;
  if (status == napi_ok && !w->failed && napi_create_object(env, &result) == napi_ok) {
    napi_set_named_property(env, result, "look", strbuf_value(env, &w->look));
    napi_set_named_property(env, result, "special", strbuf_value(env, &w->special));
    napi_set_named_property(env, result, "maybe", strbuf_value(env, &w->maybe));
    napi_set_named_property(env, result, "deferred", strbuf_value(env, &w->later));
    napi_set_named_property(env, result, "errors", strbuf_value(env, &w->errors));
    napi_create_double(env, w->files > w->max_files ? w->max_files : w->files, &v);
    napi_set_named_property(env, result, "files", v);
    napi_create_double(env, w->bytes, &v);
    napi_set_named_property(env, result, "bytes", v);
    napi_create_double(env, w->binary, &v);
    napi_set_named_property(env, result, "binary", v);
    napi_get_boolean(env, w->stopped, &v);
    napi_set_named_property(env, result, "stopped", v);
    napi_resolve_deferred(env, w->deferred, result);
  } else {
    reject_with(env, w->deferred, "native walk failed");
  }
  napi_delete_async_work(env, w->work);
  pthread_mutex_destroy(&w->mu);
  pthread_cond_destroy(&w->cv);
  walk_free(w);
}

static int read_names(napi_env env, napi_value obj, const char *key, char **out, int *n) {
  napi_value arr, item;
  uint32_t len;
  *n = 0;
  if (napi_get_named_property(env, obj, key, &arr) != napi_ok || napi_get_array_length(env, arr, &len) != napi_ok || len > MAX_NAMES) return 0;
  for (uint32_t i = 0; i < len; i++) {
    char name[256];
    size_t got;
    if (napi_get_element(env, arr, i, &item) != napi_ok || napi_get_value_string_utf8(env, item, name, sizeof name, &got) != napi_ok) return 0;
    out[*n] = strdup(name);
    if (!out[*n]) return 0;
    (*n)++;
  }
  return 1;
}

static int get_bool(napi_env env, napi_value obj, const char *key, bool *out) {
  napi_value v;
  return napi_get_named_property(env, obj, key, &v) == napi_ok && napi_get_value_bool(env, v, out) == napi_ok;
}

/* One start folder: { dir, inBundle, ignored, own, levels: [[id, base, ignored], ...] }. */
static int read_start(napi_env env, napi_value obj, DirItem *out) {
  napi_value v, arr, lv;
  char dir[PATH_BUF];
  size_t dlen;
  uint32_t nl;
  bool b, ig, own;
  memset(out, 0, sizeof *out);
  if (napi_get_named_property(env, obj, "dir", &v) != napi_ok || napi_get_value_string_utf8(env, v, dir, sizeof dir, &dlen) != napi_ok ||
      dlen + 1 >= sizeof dir || !get_bool(env, obj, "inBundle", &b) || !get_bool(env, obj, "ignored", &ig) || !get_bool(env, obj, "own", &own) ||
      napi_get_named_property(env, obj, "levels", &arr) != napi_ok || napi_get_array_length(env, arr, &nl) != napi_ok || nl > MAX_LEVELS)
    return 0;
  out->path = strdup(dir);
  out->in_bundle = b;
  out->ignored = ig;
  out->own = own;
  out->nlevels = (int)nl;
  if (!out->path || (nl && !(out->levels = calloc(nl, sizeof *out->levels)))) return 0;
  for (uint32_t l = 0; l < nl; l++) {
    int32_t id;
    uint32_t base;
    bool st;
    napi_value a, x;
    if (napi_get_element(env, arr, l, &lv) != napi_ok || napi_get_element(env, lv, 0, &a) != napi_ok || napi_get_value_int32(env, a, &id) != napi_ok ||
        napi_get_element(env, lv, 1, &x) != napi_ok || napi_get_value_uint32(env, x, &base) != napi_ok || napi_get_element(env, lv, 2, &x) != napi_ok ||
        napi_get_value_bool(env, x, &st) != napi_ok || id < 0 || (uint32_t)id >= nrulesets)
      return 0;
    out->levels[l].rs = rulesets[id];
    out->levels[l].id = id;
    out->levels[l].base = base;
    out->levels[l].st = st;
  }
  return 1;
}

static napi_value walk(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], v, promise, name;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) return throw_type(env, "walk: (root, options)");
  if (!anchors_ready()) return throw_type(env, "walk: setAnchors first");
  WalkJob *w = calloc(1, sizeof *w);
  if (!w) return throw_type(env, "walk: out of memory");
  char root[PATH_BUF];
  size_t rlen;
  bool stop, has_starts = false;
  int32_t threads;
  int ok = napi_get_value_string_utf8(env, argv[0], root, sizeof root, &rlen) == napi_ok && rlen + 1 < sizeof root &&
           read_names(env, argv[1], "skip", w->skip, &w->nskip) && read_names(env, argv[1], "bundleDirs", w->bundle_dirs, &w->nbundle) &&
           read_names(env, argv[1], "bundleSkip", w->bundle_skip, &w->nbskip) && get_bool(env, argv[1], "stopAtGitignore", &stop) &&
           napi_get_named_property(env, argv[1], "maxFiles", &v) == napi_ok && napi_get_value_double(env, v, &w->max_files) == napi_ok &&
           napi_get_named_property(env, argv[1], "maxFileBytes", &v) == napi_ok && napi_get_value_double(env, v, &w->max_file) == napi_ok &&
           napi_get_named_property(env, argv[1], "threads", &v) == napi_ok && napi_get_value_int32(env, v, &threads) == napi_ok &&
           napi_has_named_property(env, argv[1], "starts", &has_starts) == napi_ok;
  w->root = ok ? strdup(root) : NULL;
  w->rootlen = rlen;
  if (ok && w->root) {
    napi_value arr, item;
    uint32_t ns = 1;
    if (has_starts) ok = napi_get_named_property(env, argv[1], "starts", &arr) == napi_ok && napi_get_array_length(env, arr, &ns) == napi_ok;
    w->starts = ok ? calloc(ns ? ns : 1, sizeof *w->starts) : NULL;
    if (!w->starts) ok = 0;
    for (uint32_t i = 0; ok && i < ns; i++) {
      if (has_starts) {
        ok = napi_get_element(env, arr, i, &item) == napi_ok && read_start(env, item, &w->starts[i]);
      } else {
        w->starts[i].path = strdup(root);
        ok = w->starts[i].path != NULL;
      }
      w->nstarts = i + 1;
    }
  }
  if (!ok || !w->root) {
    walk_free(w);
    return throw_type(env, "walk: (root: string, { skip, bundleDirs, bundleSkip, stopAtGitignore, maxFiles, maxFileBytes, threads, starts? })");
  }
  napi_value on_special;
  napi_valuetype kind = napi_undefined;
  if (napi_get_named_property(env, argv[1], "onSpecial", &on_special) == napi_ok && napi_typeof(env, on_special, &kind) == napi_ok &&
      kind == napi_function) {
    napi_value tname;
    napi_create_string_utf8(env, "keydoctor:walk:special", NAPI_AUTO_LENGTH, &tname);
    if (napi_create_threadsafe_function(env, on_special, NULL, tname, 0, 1, NULL, NULL, NULL, call_on_special, &w->on_special) != napi_ok)
      w->on_special = NULL; /* no early archives: they come in `special` as before */
  }
  napi_value on_look;
  kind = napi_undefined;
  if (napi_get_named_property(env, argv[1], "onLook", &on_look) == napi_ok && napi_typeof(env, on_look, &kind) == napi_ok &&
      kind == napi_function) {
    napi_value tname;
    napi_create_string_utf8(env, "keydoctor:walk:look", NAPI_AUTO_LENGTH, &tname);
    if (napi_create_threadsafe_function(env, on_look, NULL, tname, 0, 1, NULL, NULL, NULL, call_on_special, &w->on_look) != napi_ok)
      w->on_look = NULL; /* the marked files come in `look` only, as before */
  }
  w->stop_at_gitignore = stop;
  w->threads = threads < 1 ? 1 : threads > 16 ? 16 : threads;
  pthread_mutex_init(&w->mu, NULL);
  pthread_cond_init(&w->cv, NULL);
  napi_create_promise(env, &w->deferred, &promise);
  napi_create_string_utf8(env, "keydoctor:walk", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, walk_execute, walk_complete, w, &w->work);
  if (napi_queue_async_work(env, w->work) != napi_ok) {
    napi_delete_async_work(env, w->work);
    if (w->on_special) napi_release_threadsafe_function(w->on_special, napi_tsfn_abort);
    if (w->on_look) napi_release_threadsafe_function(w->on_look, napi_tsfn_abort);
    return throw_type(env, "walk: could not queue the walk");
  }
  in_flight++;
  return promise;
}
#endif

/*
 * exitNow(code): ends the process at once (_exit), for the CLI once its output is written and
 * nothing else is pending (src/cli/quick-exit.ts decides). Node's own exit first waits for V8's
 * background compile jobs and tears the heap down: up to 10 ms after a scan, for nothing.
 */
static napi_value exit_now(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t code = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc >= 1) napi_get_value_int32(env, argv[0], &code);
  fflush(NULL);
  _exit(code);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"setAnchors", NULL, set_anchors, NULL, NULL, NULL, napi_default, NULL},
      {"classify", NULL, classify, NULL, NULL, NULL, napi_default, NULL},
      {"busy", NULL, busy, NULL, NULL, NULL, napi_default, NULL},
      {"exitNow", NULL, exit_now, NULL, NULL, NULL, napi_default, NULL},
      {"gate", NULL, gate, NULL, NULL, NULL, napi_default, NULL},
      {"readFiles", NULL, read_files, NULL, NULL, NULL, napi_default, NULL},
      {"readFilesAsync", NULL, read_files_async, NULL, NULL, NULL, napi_default, NULL},
#ifndef _WIN32
      {"listDir", NULL, list_dir, NULL, NULL, NULL, napi_default, NULL},
      {"setSpecial", NULL, set_special, NULL, NULL, NULL, napi_default, NULL},
      {"walk", NULL, walk, NULL, NULL, NULL, napi_default, NULL},
      {"addRules", NULL, add_rules, NULL, NULL, NULL, napi_default, NULL},
      {"testRules", NULL, test_rules, NULL, NULL, NULL, napi_default, NULL},
#endif
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  inflate_properties(env, exports);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
