package dev.liveupdate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ChangeBatch#followedBy}: what two batches in a row amount to. */
class ChangeBatchTest {

  private final Path base = Path.of("/work/module").toAbsolutePath();

  @Test
  void anEmptyBatchFollowedByAnotherIsTheOther() {
    ChangeBatch later = ChangeBatch.of(Set.of(base.resolve("a")), Set.of());

    assertSame(later, ChangeBatch.EMPTY.followedBy(later));
    assertEquals(later, later.followedBy(ChangeBatch.EMPTY));
  }

  @Test
  void laterDeleteWinsOverEarlierWriteWhenMerging() {
    Path a = base.resolve("a");
    ChangeBatch merged = ChangeBatch.of(Set.of(a), Set.of())
        .followedBy(ChangeBatch.of(Set.of(), Set.of(a)));

    assertEquals(Set.of(), merged.changed());
    assertEquals(Set.of(a), merged.deleted());
  }

  @Test
  void mergingDropsEarlierWritesBelowOrAboveWhatALaterBatchNames() {
    Path dir = base.resolve("d");
    Path inDir = dir.resolve("a");
    Path other = base.resolve("other");
    // written, then the folder holding it deleted: the write must not be sent again
    ChangeBatch merged = ChangeBatch.of(Set.of(inDir, other), Set.of())
        .followedBy(ChangeBatch.of(Set.of(), Set.of(dir)));
    assertEquals(Set.of(other), merged.changed());
    assertEquals(Set.of(dir), merged.deleted());

    // then d comes back as a file: removing d first stays, the file is written
    merged = merged.followedBy(ChangeBatch.of(Set.of(dir), Set.of()));
    assertEquals(Set.of(dir, other), merged.changed());
    assertEquals(Set.of(dir), merged.deleted());

    // then the file d becomes a folder again: the file d is no longer written
    merged = merged.followedBy(ChangeBatch.of(Set.of(inDir), Set.of(dir)));
    assertEquals(Set.of(inDir, other), merged.changed());
    assertEquals(Set.of(dir), merged.deleted());
  }

  @Test
  void mergingDropsRemovalsThatALaterRemovalOrFileCovers() {
    Path dir = base.resolve("d");
    ChangeBatch merged = ChangeBatch.of(Set.of(), Set.of(dir.resolve("x")))
        .followedBy(ChangeBatch.of(Set.of(dir), Set.of(dir)));
    assertEquals(Set.of(dir), merged.deleted(), "d/x cannot exist below the file d");
    assertEquals(Set.of(dir), merged.changed());
  }
}
