package io.gavel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

  @Test
  void probabilitiesFollowOneOverRank() {
    ZipfSampler zipf = new ZipfSampler(10_000, 1.0);
    double h = 0;
    for (int k = 1; k <= 10_000; k++) {
      h += 1.0 / k;
    }
    assertThat(zipf.probability(0)).isCloseTo(1 / h, within(1e-12));
    assertThat(zipf.probability(9)).isCloseTo(zipf.probability(0) / 10, within(1e-12));
  }

  @Test
  void samplesMatchTheDistribution() {
    ZipfSampler zipf = new ZipfSampler(10_000, 1.0);
    SplittableRandom random = new SplittableRandom(42);
    int draws = 200_000;
    int[] counts = new int[zipf.size()];
    for (int i = 0; i < draws; i++) {
      counts[zipf.sample(random)]++;
    }
    // rank 0 gets ~10.2 % (1/H(10000)); rank 1 half of it; the tail is hit at all
    assertThat(counts[0] / (double) draws).isCloseTo(zipf.probability(0), within(0.005));
    assertThat(counts[1] / (double) counts[0]).isCloseTo(0.5, within(0.05));
    long tail = 0;
    for (int k = 5_000; k < counts.length; k++) {
      tail += counts[k];
    }
    assertThat(tail / (double) draws).isCloseTo(tailMass(zipf, 5_000), within(0.01));
  }

  private static double tailMass(ZipfSampler zipf, int from) {
    double m = 0;
    for (int k = from; k < zipf.size(); k++) {
      m += zipf.probability(k);
    }
    return m;
  }
}
