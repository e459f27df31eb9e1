package dev.liveupdate.sync;

import dev.liveupdate.plan.Reload;

/** How an update's reload reads in the plugin's output, from the answer of the rung that did it. */
final class ReloadWords {

  private static final String DEVTOOLS_OK = "restarted app with DevTools in ";

  private ReloadWords() {}

  /**
   * The answer's message, with a DevTools restart said as {@code restarted app through devtools in
   * N ms: ...} (the supervisor says {@code restarted app with DevTools in N ms: ...}); a hot-swap
   * ({@code hot-swapped N class(es) in M ms ...}) and a process restart ({@code restarted app in N
   * ms: ...}) as the supervisor says them.
   */
  static String of(RestartAfterCopy.Result answer) {
    String message = answer.message();
    if (answer.level() == Reload.Level.DEVTOOLS && answer.ok()
        && message.startsWith(DEVTOOLS_OK)) {
      return "restarted app through devtools in " + message.substring(DEVTOOLS_OK.length());
    }
    return message;
  }
}
