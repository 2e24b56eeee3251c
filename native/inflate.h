/* Whole-buffer inflation through the system's libdeflate (native/inflate.c). */
#ifndef KEYDOCTOR_INFLATE_H
#define KEYDOCTOR_INFLATE_H
#include <node_api.h>

/* Adds fastInflate, inflateRaw and inflateRawAsync to the addon's exports. */
void inflate_properties(napi_env env, napi_value exports);

#endif
