package demo.spring;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /}: a greeting naming the pod (its host name) that answered; {@code GET /health};
 * {@code GET /started}: the JVM's pid and start time, and when this controller was made (the
 * application context's start: a DevTools restart makes a new one in the same JVM).
 */
@RestController
public class GreetingController {
  private final String greeting;
  private final String host;
  private final long made = System.nanoTime();

  public GreetingController(@Value("${greeting}") String greeting) throws UnknownHostException {
    this.greeting = greeting;
    this.host = InetAddress.getLocalHost().getHostName();
  }

  @GetMapping(value = "/", produces = "text/plain;charset=UTF-8")
  public String hello() {
    return greeting + " on " + host + "\n";
  }

  @GetMapping(value = "/started", produces = "text/plain")
  public String started() {
    return "pid " + ProcessHandle.current().pid() + " jvm "
        + java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()
        + " context " + made + "\n";
  }

  @GetMapping(value = "/health", produces = "text/plain")
  public String health() {
    return "ok\n";
  }
}
