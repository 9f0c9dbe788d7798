package io.gavel.platform.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A block hands out exactly the ids the row's update reserved: (last - size, last]. */
class IdBlockTest {

  @Test
  void handsOutTheReservedIdsInOrderThenIsExhausted() {
    IdBlocks.Block block = IdBlocks.Block.endingAt(1500, 3);
    assertFalse(block.exhausted());
    assertEquals(1498, block.next());
    assertEquals(1499, block.next());
    assertEquals(1500, block.next());
    assertTrue(block.exhausted());
    assertThrows(IllegalStateException.class, block::next);
  }

  @Test
  void theFirstBlockOfAnEmptyTableStartsAtOne() {
    IdBlocks.Block block = IdBlocks.Block.endingAt(500, 500);
    assertEquals(1, block.next());
  }

  @Test
  void aBlockHoldsAtLeastOneId() {
    assertThrows(IllegalArgumentException.class, () -> IdBlocks.Block.endingAt(10, 0));
  }
}
