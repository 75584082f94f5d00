import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import eslintComments from "@eslint-community/eslint-plugin-eslint-comments";
import regexp from "eslint-plugin-regexp";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    // Text from users, feeds and Auphonic must never cost more than linear time.
    files: ["**/*.{js,mjs,cjs,ts,tsx,jsx,mts,cts}"],
    plugins: { regexp, "@eslint-community/eslint-comments": eslintComments },
    rules: {
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
      // A finding is fixed by a linear expression or a scan, never silenced.
      "@eslint-community/eslint-comments/no-restricted-disable": ["error", "regexp/*"],
    },
  },
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      "lib/generated/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
