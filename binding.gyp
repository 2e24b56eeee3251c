{
  "targets": [
    {
      "target_name": "keydoctor_prefilter",
      "sources": ["native/prefilter.c", "native/ignore.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O2"] }
    }
  ]
}
