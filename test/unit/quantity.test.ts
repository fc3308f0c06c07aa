import { describe, expect, it } from "vitest";
import {
  isQuantityError,
  parseQuantity,
  quantityFromNumber,
  quantityMilliValue,
  quantityToNumber,
  quantityValue,
  subtractQuantity,
  type Quantity,
} from "../../compiler/kube/quantity.js";

function q(text: string | number): Quantity {
  const r = parseQuantity(text);
  if (isQuantityError(r)) throw new Error(r.error);
  return r;
}

describe("parseQuantity (resource.ParseQuantity)", () => {
  const cases: [string | number, number, bigint, bigint][] = [
    // input, as a number, Value(), MilliValue()
    ["1", 1, 1n, 1000n],
    ["500m", 0.5, 1n, 500n],
    ["7910m", 7.91, 8n, 7910n],
    ["0.1", 0.1, 1n, 100n],
    [".5", 0.5, 1n, 500n],
    ["1.", 1, 1n, 1000n],
    ["+2", 2, 2n, 2000n],
    ["-1.5", -1.5, -2n, -1500n],
    ["4Ki", 4096, 4096n, 4096000n],
    ["64Gi", 68719476736, 68719476736n, 68719476736000n],
    ["1Ei", 2 ** 60, 2n ** 60n, 2n ** 60n * 1000n],
    ["1.5Gi", 1610612736, 1610612736n, 1610612736000n],
    ["2k", 2000, 2000n, 2000000n],
    ["3M", 3e6, 3000000n, 3000000000n],
    ["1G", 1e9, 1000000000n, 1000000000000n],
    ["100n", 1e-7, 1n, 1n],
    ["250u", 0.00025, 1n, 1n],
    ["1e3", 1000, 1000n, 1000000n],
    ["1E-3", 0.001, 1n, 1n],
    ["12e+2", 1200, 1200n, 1200000n],
    [8, 8, 8n, 8000n],
    [0.25, 0.25, 1n, 250n],
  ];
  for (const [input, number, value, milli] of cases) {
    it(`${JSON.stringify(input)} → ${number} (Value ${value}, MilliValue ${milli})`, () => {
      const parsed = q(input);
      expect(quantityToNumber(parsed)).toBe(number);
      expect(quantityValue(parsed)).toBe(value);
      expect(quantityMilliValue(parsed)).toBe(milli);
    });
  }

  it("rounds anything finer than a nano-unit up, away from zero", () => {
    expect(quantityToNumber(q("0.0000000001"))).toBe(1e-9);
    expect(quantityToNumber(q("-0.0000000001"))).toBe(-1e-9);
  });

  for (const bad of ["", "abc", "1.2.3", "5Kb", "1Mi2", "m", "1 Gi", "e3", "1e"]) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      expect(isQuantityError(parseQuantity(bad))).toBe(true);
    });
  }

  it("subtracts exactly: 8 − 6 − 500m leaves 1500m, not 1499.9999…", () => {
    const free = subtractQuantity(subtractQuantity(q("8"), q("6")), q("500m"));
    expect(quantityMilliValue(free)).toBe(1500n);
    expect(quantityValue(free)).toBe(2n);
  });

  it("a capacity stored as a number reads back exactly (7.91 cores → 7910m)", () => {
    expect(quantityMilliValue(quantityFromNumber(7.91))).toBe(7910n);
    expect(quantityValue(quantityFromNumber(68719476736))).toBe(68719476736n);
  });
});
