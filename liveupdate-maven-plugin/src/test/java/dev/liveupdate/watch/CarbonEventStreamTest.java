package dev.liveupdate.watch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native FSEvents stream. Off macOS (this project's CI) it must fail with a {@link
 * LinkageError}, which {@code auto}'s fallback to the JDK catches; on a Mac it must deliver the
 * event of a file written below the watched directory. Only the first half has run so far.
 */
class CarbonEventStreamTest {

  @TempDir Path dir;

  @Test
  void deliversRealEventsOnMacOsAndFailsToLinkElsewhere() throws Exception {
    List<String> paths = new CopyOnWriteArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    FsEventsBackend.Callback callback = new FsEventsBackend.Callback() {
      @Override
      public void events(String[] reported, int[] flags) {
        paths.addAll(List.of(reported));
      }

      @Override
      public void failed(Throwable cause) {
        failures.add(cause);
      }
    };
    String real = dir.toRealPath().toString();
    if (!WatchBackends.isMac(System.getProperty("os.name", ""))) {
      assertThrows(LinkageError.class, () -> CarbonEventStream.open(List.of(real), callback));
      return;
    }
    try (CarbonEventStream stream = CarbonEventStream.open(List.of(real), callback)) {
      Files.writeString(dir.resolve("a.txt"), "a");
      Awaitility.await("FSEvents reports " + real + "/a.txt").atMost(Duration.ofSeconds(10))
          .until(() -> paths.contains(real + "/a.txt"));
    }
    assertTrue(failures.isEmpty(), failures.toString());
  }
}
