{
  "targets": [
    {
      "target_name": "folio_native",
      "sources": ["src/addon.cc", "src/elementwise.cc", "src/fused.cc", "src/gemm.cc", "src/peak.cc", "src/thread_pool.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-Wall"],
      "cflags_cc!": ["-fno-exceptions"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
