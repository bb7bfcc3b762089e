import { defineConfig } from "vite";

// The interface is served by `grip serve` from one origin, under a
// Content-Security-Policy without inline scripts or styles: nothing is
// inlined as a data: URL, and the API is reached at /api/v1 of the same origin.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    assetsInlineLimit: 0,
    sourcemap: false,
    target: "es2022",
  },
  server: {
    // `npm run dev` against a running `grip serve` on :8080.
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
