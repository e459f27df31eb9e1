package dev.liveupdate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a sync may copy to, and how two syncs' destinations may relate; part of
 * {@link SyncReader}. A sync <em>mirrors</em> its destination: a file deleted locally is deleted
 * there, and the start-up sync and {@code liveupdate:sync} delete there whatever the module lacks.
 * So a destination must be a directory the application owns, and two syncs must never share one.
 *
 * <ul>
 *   <li><b>System trees</b> are refused, and everything below them: {@code /proc} and
 *       {@code /sys} (the kernel's interfaces: writing there configures the kernel, and listing
 *       them never ends), {@code /dev} (device nodes), {@code /run} and {@code /var/run} (the
 *       state of running processes: sockets, pid files, the service account token Kubernetes
 *       mounts), {@code /boot} (boot loader and kernel images). No application's files live
 *       there.
 *   <li><b>Shared directories</b> are refused as the destination itself, but a directory below
 *       them is fine: {@code /}, {@code /bin}, {@code /sbin}, {@code /lib*}, {@code /usr} and
 *       its {@code bin}, {@code sbin}, {@code lib*}, {@code libexec}, {@code local},
 *       {@code local/bin}, {@code local/sbin}, {@code local/lib}, {@code share}, and {@code /etc},
 *       {@code /var}, {@code /var/lib}, {@code /var/cache}, {@code /var/log}, {@code /var/tmp},
 *       {@code /tmp}, {@code /home}, {@code /root}, {@code /opt}, {@code /srv}, {@code /mnt},
 *       {@code /media}. They hold the image's programs, libraries and configuration, or other
 *       software's files: mirroring one would delete them ({@code <to>/</to>} with a deleted
 *       {@code bin} ran {@code rm -rf /bin}). What users do sync into lies below them:
 *       {@code /usr/share/nginx/html}, {@code /etc/nginx/conf.d}, {@code /var/www/html},
 *       {@code /usr/local/lib/python3.12/site-packages/app}, {@code /opt/app}.
 *   <li><b>Overlapping destinations</b> (equal, or one inside the other) are refused, except for
 *       the nesting Tilt has: a sync whose {@code <from>} lies inside another's may go to the
 *       very place inside the other's {@code <to>} where the other would have put it
 *       ({@code api/static → /app/api/static} beside {@code api → /app/api}). Every container path
 *       then still has one local origin. Any other overlap gives a container directory two
 *       origins: a file deleted from one source is deleted in the container although the other
 *       still has it, and a name in both is overwritten by whichever was copied last.
 * </ul>
 */
final class Destinations {

  /** Refused with everything below them, each with why. */
  static final Map<String, String> SYSTEM_TREES = Map.of(
      "/proc", "the kernel's process interface",
      "/sys", "the kernel's device and driver interface",
      "/dev", "device nodes",
      "/run", "the state of running processes (sockets, pid files, mounted secrets)",
      "/var/run", "the state of running processes (sockets, pid files, mounted secrets)",
      "/boot", "the boot loader and kernel images");

  /** Refused as a destination; a directory below them is fine. */
  static final List<String> SHARED_DIRECTORIES = List.of("/", "/bin", "/sbin", "/lib", "/lib32",
      "/lib64", "/libx32", "/usr", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib32",
      "/usr/lib64", "/usr/libx32", "/usr/libexec", "/usr/local", "/usr/local/bin",
      "/usr/local/sbin", "/usr/local/lib", "/usr/share", "/etc", "/var", "/var/lib",
      "/var/cache", "/var/log", "/var/tmp", "/tmp", "/home", "/root", "/opt", "/srv", "/mnt",
      "/media");

  private Destinations() {}

  /**
   * Why a normalised container path cannot be a sync's destination, as the rest of
   * {@code "<to> must …"}, or empty when it can.
   */
  static Optional<String> refusal(String to) {
    for (Map.Entry<String, String> tree : SYSTEM_TREES.entrySet()) {
      if (isBelowOrEqual(to, tree.getKey())) {
        return Optional.of("must not lie in " + Messages.quote(tree.getKey()) + " ("
            + tree.getValue() + "): no application's files live there, and a sync writes and"
            + " deletes in its destination");
      }
    }
    if (SHARED_DIRECTORIES.contains(to)) {
      return Optional.of("must be a directory of the application's own, not "
          + Messages.quote(to) + ", which the image's system and other software share: a sync"
          + " mirrors its destination (a file deleted locally is deleted there, and at start-up"
          + " whatever the module lacks), so it would delete the image's own files; use a"
          + " directory below it or elsewhere, such as '/app'");
    }
    return Optional.empty();
  }

  /**
   * Every pair of rules whose destinations overlap in a way that loses files, as one problem
   * each, naming both elements.
   *
   * @param rules    the valid rules, in declaration order
   * @param indexes  each rule's position among the {@code <sync>} elements (from 1)
   * @param rawFroms each rule's {@code <from>} as written
   */
  static List<String> overlaps(List<SyncRule> rules, List<Integer> indexes, List<String> rawFroms) {
    List<String> problems = new ArrayList<>();
    for (int later = 1; later < rules.size(); later++) {
      for (int earlier = 0; earlier < later; earlier++) {
        SyncRule a = rules.get(earlier);
        SyncRule b = rules.get(later);
        if (!overlap(a.to(), b.to()) || nestedAlike(a, b) || nestedAlike(b, a)) {
          continue;
        }
        String sync = "<liveUpdate><syncs><sync>[";
        if (a.from().startsWith(b.from()) || b.from().startsWith(a.from())) {
          boolean aInner = a.from().startsWith(b.from());
          SyncRule inner = aInner ? a : b;
          SyncRule outer = aInner ? b : a;
          int innerIndex = indexes.get(aInner ? earlier : later);
          int outerIndex = indexes.get(aInner ? later : earlier);
          problems.add(sync + innerIndex + "]<to> must be "
              + Messages.quote(outer.containerPath(inner.from())) + ", where <sync>["
              + outerIndex + "] puts its <from> " + Messages.quote(rawFroms.get(aInner ? earlier
              : later)) + ", or lie outside <sync>[" + outerIndex + "]<to> "
              + Messages.quote(outer.to()) + ": otherwise one container directory has two local"
              + " origins and loses files (a file deleted from one is deleted in the container"
              + " though the other has it), got " + Messages.quote(inner.to()));
        } else {
          problems.add(sync + indexes.get(later) + "]<to> must not overlap <sync>["
              + indexes.get(earlier) + "]<to> " + Messages.quote(a.to()) + ": two unrelated"
              + " sources (" + Messages.quote(rawFroms.get(later)) + ", "
              + Messages.quote(rawFroms.get(earlier)) + ") in one container directory lose files"
              + " (a file deleted from one is deleted in the container though the other has it;"
              + " a name in both is overwritten); give each sync a directory of its own, got "
              + Messages.quote(b.to()));
        }
      }
    }
    return problems;
  }

  /**
   * Whether {@code inner}'s source lies inside {@code outer}'s and goes exactly where
   * {@code outer} would have put it: the nesting Tilt has, where nothing is lost.
   */
  private static boolean nestedAlike(SyncRule inner, SyncRule outer) {
    return inner.from().startsWith(outer.from()) && !inner.from().equals(outer.from())
        && outer.containerPath(inner.from()).equals(inner.to());
  }

  private static boolean overlap(String a, String b) {
    return isBelowOrEqual(a, b) || isBelowOrEqual(b, a);
  }

  static boolean isBelowOrEqual(String path, String dir) {
    return path.equals(dir) || path.startsWith(dir.equals("/") ? "/" : dir + "/");
  }
}
