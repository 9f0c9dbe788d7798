package io.gavel.bench;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Zipf(s) over ranks 0..n-1: P(k) ∝ 1/(k+1)^s. Inverse-CDF sampling over a precomputed table
 * (n = 10,000 is 80 KB), thread-safe because the table is read-only and the caller brings its
 * own random generator.
 */
final class ZipfSampler {

  private final double[] cdf;

  ZipfSampler(int n, double s) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1");
    }
    cdf = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1.0 / Math.pow(k + 1, s);
      cdf[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    cdf[n - 1] = 1.0;
  }

  int size() {
    return cdf.length;
  }

  /** Probability of rank {@code k}. */
  double probability(int k) {
    return k == 0 ? cdf[0] : cdf[k] - cdf[k - 1];
  }

  int sample(RandomGenerator random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return i >= 0 ? i : Math.min(-i - 1, cdf.length - 1);
  }
}
