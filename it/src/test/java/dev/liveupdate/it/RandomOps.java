package dev.liveupdate.it;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Seeded random file operations on the local synced trees, as editors, tools and people make them:
 * creates, edits, deletes, renames (onto existing names too), nested mkdirs, recursive deletes,
 * directory renames and replacements, directories parked outside the project and brought back,
 * chmod, vim and IntelliJ saves, atomic saves, symlinks, type changes, in bursts and with pauses
 * around the plugin's quiet period.
 *
 * <p>The choices depend only on the seed: every target is picked from a model of the trees (a
 * sorted map of paths), which the operations keep in step with the disk, never from a directory
 * listing. The same seed therefore replays the same operations; only their timing against the
 * plugin differs from run to run. Every operation is logged, numbered, with paths as
 * {@code root/relative} ({@code res/d3/f7.txt}, {@code web/...}, {@code scratch/...}).
 *
 * <p>The model and its helpers are {@link TreeModel}'s; the operations are
 * {@link FileOperations}' and {@link DirectoryOperations}'; this class picks and runs them.
 */
final class RandomOps extends DirectoryOperations {

  private final List<String> log = new ArrayList<>();
  private final Map<String, Supplier<String>> operations = new LinkedHashMap<>();
  private final Set<String> skipped;
  private int done;
  private int episodeLeft;
  private boolean burst;

  /**
   * @param syncedRoots root name to local directory of each synced tree ({@code res}, {@code web})
   * @param scratchRoot name of the place outside the project, a key of {@code roots} too
   */
  RandomOps(long seed, Map<String, Path> roots, List<String> syncedRoots, String scratchRoot,
      Set<String> skipped) {
    super(seed, roots, syncedRoots, scratchRoot);
    this.skipped = Set.copyOf(skipped);
    operations.put("create", this::createFile);
    operations.put("edit", this::editFile);
    operations.put("delete", this::deleteFile);
    operations.put("rename", this::renameFile);
    operations.put("swap", this::swapFiles);
    operations.put("mkdir", this::makeDirectories);
    operations.put("rmdir", this::deleteDirectory);
    operations.put("mvdir", this::renameDirectory);
    operations.put("replacedir", this::replaceDirectory);
    operations.put("park", this::parkDirectory);
    operations.put("unpark", this::unparkDirectory);
    operations.put("roundtrip", this::roundTrip);
    operations.put("chmod", this::chmod);
    operations.put("touch", this::touch);
    operations.put("vim", this::vimSave);
    operations.put("intellij", this::intellijSave);
    operations.put("atomic", this::atomicSave);
    operations.put("symlink", this::symlink);
    operations.put("file2dir", this::fileBecomesDirectory);
    operations.put("dir2file", this::directoryBecomesFile);
    operations.put("checkout", this::checkout);
    if (!operations.keySet().containsAll(this.skipped)) {
      throw new IllegalArgumentException("unknown operation in " + skipped + "; known: "
          + operations.keySet());
    }
  }

  /** The numbered operations so far, with bursts and pauses, one a line. */
  List<String> log() {
    return List.copyOf(log);
  }

  /** Adds a line of the test's own (a container killed) to the log, between operations. */
  void note(String line) {
    log.add(line);
  }

  /**
   * Runs operations until {@code until} were done in all, in episodes: bursts of 50–500
   * operations without a pause, or groups of 1–20 with a pause after each, 0–1000 ms, often near
   * the 50 ms quiet period. An episode cut short by {@code until} goes on at the next call, so the
   * sequence of operations and pauses depends on the seed alone, not on how the run is split.
   */
  void run(int until) throws InterruptedException {
    while (done < until) {
      if (episodeLeft == 0) {
        burst = random.nextInt(5) == 0;
        episodeLeft = burst ? 50 + random.nextInt(451) : 1 + random.nextInt(20);
        if (burst) {
          log.add("-- burst of " + episodeLeft + " operations");
        }
      }
      step();
      episodeLeft--;
      if (!burst) {
        pause(operationPause());
      }
      if (episodeLeft == 0) {
        pause(random.nextInt(10) == 0 ? 300 + random.nextInt(1200) : random.nextInt(300));
      }
    }
  }

  private long operationPause() {
    int r = random.nextInt(100);
    if (r < 40) {
      return 0;
    } else if (r < 60) {
      return 1 + random.nextInt(20);
    } else if (r < 80) {
      return 30 + random.nextInt(51); // around the 50 ms quiet period
    } else if (r < 95) {
      return 80 + random.nextInt(221);
    }
    return 300 + random.nextInt(700);
  }

  private void pause(long millis) throws InterruptedException {
    if (millis > 0) {
      log.add("-- pause " + millis + " ms");
      Thread.sleep(millis);
    }
  }

  /** One operation, weighted by what the trees hold now; retried until one applies. */
  private void step() {
    int files = count(Node.FILE);
    int dirs = count(Node.DIR);
    boolean grow = files < FEW_FILES;
    boolean shrink = files > MANY_FILES;
    Map<String, Integer> weights = new LinkedHashMap<>(); // relative; about 400 in all
    weights.put("create", grow ? 160 : shrink ? 8 : 48);
    weights.put("edit", 56);
    weights.put("delete", shrink ? 120 : 24);
    weights.put("rename", 36);
    weights.put("swap", 8);
    weights.put("mkdir", dirs > MANY_DIRS ? 0 : grow ? 40 : 20);
    weights.put("rmdir", shrink || dirs > MANY_DIRS ? 48 : 8);
    weights.put("mvdir", 16);
    weights.put("replacedir", 8);
    weights.put("park", 8);
    weights.put("unpark", 8);
    weights.put("roundtrip", 4);
    weights.put("chmod", 16);
    weights.put("touch", 4);
    weights.put("vim", 16);
    weights.put("intellij", 16);
    weights.put("atomic", 8);
    weights.put("symlink", 12);
    weights.put("file2dir", 4);
    weights.put("dir2file", 4);
    weights.put("checkout", files > MANY_FILES / 2 ? 0 : 1);
    weights.keySet().removeAll(skipped);
    int sum = weights.values().stream().mapToInt(Integer::intValue).sum();
    for (int attempt = 0; attempt < 100; attempt++) {
      int r = random.nextInt(sum);
      for (var op : weights.entrySet()) {
        r -= op.getValue();
        if (r < 0) {
          String description;
          try {
            description = operations.get(op.getKey()).get();
          } catch (UncheckedIOException e) {
            throw new IllegalStateException("operation " + (done + 1) + " failed; log so far:\n"
                + String.join("\n", tail(log, 30)), e);
          }
          if (description != null) {
            done++;
            log.add(String.format("#%05d %s", done, description));
            return;
          }
          break;
        }
      }
    }
    throw new IllegalStateException("no operation applies to the model " + model);
  }

  static List<String> tail(List<String> lines, int n) {
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }
}
