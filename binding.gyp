{
  "targets": [
    {
      "target_name": "keydoctor_prefilter",
      "sources": ["native/prefilter.c", "native/ignore.c", "native/inflate.c"],
      "conditions": [["OS=='linux'", { "libraries": ["-ldl", "-lpthread"] }]],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O2"] }
    }
  ]
}
