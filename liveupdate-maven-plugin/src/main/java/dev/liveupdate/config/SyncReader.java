package dev.liveupdate.config;

import dev.liveupdate.config.ConfigPaths.BadPath;
import dev.liveupdate.config.xml.SyncXml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks and converts {@code <liveUpdate><syncs>}; part of {@link LiveUpdateConfigReader}.
 *
 * <ul>
 *   <li><b>Nested sync sources</b> are allowed, as in Tilt, where the first {@code <sync>} (in
 *       declaration order) whose {@code <from>} contains a file takes it. A sync whose
 *       {@code <from>} lies inside, or equals, an earlier one's could then never be used, so that
 *       is an error: declare the more specific sync first.
 *   <li><b>A {@code <from>}</b> is a real directory inside the module: not a symlink, nor below
 *       one (the watcher does not follow links, so its files would never be seen; and one could
 *       lead out of the module).
 *   <li><b>A {@code <to>}</b> is a directory the application owns, and no two overlap except as
 *       their sources nest: see {@link Destinations}.
 * </ul>
 */
final class SyncReader {

  private static final String SYNC = "<liveUpdate><syncs><sync>";

  private SyncReader() {}

  static List<SyncRule> read(List<SyncXml> xmls, Path base, List<String> problems) {
    if (xmls.isEmpty()) {
      problems.add("<liveUpdate><syncs> must contain at least one <sync>"
          + " (<from> a local directory <to> a container directory), got none");
      return List.of();
    }
    int before = problems.size();
    List<SyncRule> rules = new ArrayList<>();
    List<String> rawFroms = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < xmls.size(); i++) {
      String where = SYNC + "[" + (i + 1) + "]";
      SyncXml xml = xmls.get(i) == null ? new SyncXml() : xmls.get(i);
      ConfigPaths.DirectoryMapping mapping =
          ConfigPaths.directoryMapping(where, xml.getFrom(), xml.getTo(), base, problems);
      if (mapping == null) {
        continue;
      }
      SyncRule rule = new SyncRule(mapping.from(), mapping.to());
      String rawFrom = xml.getFrom().trim();
      boolean usable = checkNotLinked(rule, rawFrom, where, base, problems);
      usable &= checkDestination(rule, xml.getTo(), where, problems);
      usable &= checkReachable(rule, rawFrom, i, rules, rawFroms, indexes, problems);
      if (usable) {
        rules.add(rule);
        rawFroms.add(rawFrom);
        indexes.add(i + 1);
      }
    }
    if (problems.size() == before) {
      problems.addAll(Destinations.overlaps(rules, indexes, rawFroms));
    }
    return rules;
  }

  private static boolean checkNotLinked(SyncRule rule, String rawFrom, String where, Path base,
      List<String> problems) {
    try {
      if (!ConfigPaths.throughSymlink(rule.from(), base)) {
        return true;
      }
      problems.add(where + "<from> must be a directory, not a symlink nor below one (the watcher"
          + " does not follow links, so its files would never be seen): name the directory the"
          + " link points to, got " + Messages.quote(rawFrom) + " (resolves to "
          + rule.from().toRealPath() + ")");
    } catch (BadPath bad) {
      problems.add(bad.describe(where + "<from>", rawFrom));
    } catch (java.io.IOException e) {
      problems.add(where + "<from> must be a readable local directory, got "
          + Messages.quote(rawFrom) + " (" + e + ")");
    }
    return false;
  }

  private static boolean checkDestination(SyncRule rule, String rawTo, String where,
      List<String> problems) {
    return Destinations.refusal(rule.to()).map(why -> {
      problems.add(where + "<to> " + why + ", got " + Messages.quote(rawTo.trim()));
      return false;
    }).orElse(true);
  }

  /** A sync inside (or equal to) an earlier sync's source would never receive a file. */
  private static boolean checkReachable(SyncRule rule, String rawFrom, int index,
      List<SyncRule> earlier, List<String> earlierRawFroms, List<Integer> earlierIndexes,
      List<String> problems) {
    String where = SYNC + "[" + (index + 1) + "]";
    for (int j = 0; j < earlier.size(); j++) {
      SyncRule other = earlier.get(j);
      String otherWhere = "<sync>[" + earlierIndexes.get(j) + "]";
      if (rule.from().equals(other.from())) {
        problems.add(rule.to().equals(other.to())
            ? where + " must not repeat " + otherWhere + ", got the same <from> "
                + Messages.quote(rawFrom) + " and <to> " + Messages.quote(rule.to()) + " again"
            : where + "<from> must differ from " + otherWhere + "<from>: one local directory cannot"
                + " be copied to both " + Messages.quote(other.to()) + " and "
                + Messages.quote(rule.to()) + ", got " + Messages.quote(rawFrom) + " again");
        return false;
      }
      if (rule.from().startsWith(other.from())) {
        problems.add(where + " must be declared before " + otherWhere + ", whose <from> "
            + Messages.quote(earlierRawFroms.get(j)) + " contains it: the first sync containing a"
            + " file takes it (as in Tilt), so this one would never be used, got <from> "
            + Messages.quote(rawFrom));
        return false;
      }
    }
    return true;
  }
}
