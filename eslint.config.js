// ESLint flat config: typescript-eslint strictTypeChecked, size caps, and the import rules
// that keep programs from importing each other and everyone out of lib/ module internals.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const programs = ["kubectl-velero", "agent", "node-agent"];

/** Forbids imports of other programs, of test code, and of lib/ module internals (enter through index.ts). */
function importRulesFor(dir) {
  const others = programs.filter((p) => p !== dir);
  return {
    files: [`${dir}/**/*.ts`],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...others.map((p) => ({
              regex: `(^|/)${p}/`,
              message: "Programs never import each other; move shared code into lib/.",
            })),
            { regex: "(^|/)test/", message: "Production code never imports test code." },
            {
              regex: "(^|/)lib/[^/]+/(?!index\\.js$).+",
              message: "Enter a lib/ module only through its index.ts.",
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: ["dist/**", "node_modules/**", "coverage/**", "**/*.js", "**/*.mjs", "**/*.cjs"],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            {
              from: "package",
              package: "node:test",
              name: [
                "describe",
                "it",
                "test",
                "suite",
                "before",
                "after",
                "beforeEach",
                "afterEach",
              ],
            },
          ],
        },
      ],
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/explicit-module-boundary-types": "error",
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      complexity: ["error", 10],
      "max-depth": ["error", 3],
      "max-params": ["error", 4],
      "max-nested-callbacks": ["error", 4],
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "No default exports." },
      ],
    },
  },
  ...programs.map(importRulesFor),
  {
    files: ["lib/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...programs.map((p) => ({
              regex: `(^|/)${p}/`,
              message: "lib/ never imports a program.",
            })),
            { regex: "(^|/)test/", message: "Production code never imports test code." },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "max-lines-per-function": "off",
      "max-nested-callbacks": ["error", 6],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
