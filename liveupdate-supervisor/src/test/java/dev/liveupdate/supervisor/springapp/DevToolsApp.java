package dev.liveupdate.supervisor.springapp;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring Boot web app of {@code DevToolsRestartTest}, run as a real JVM with spring-boot-devtools
 * on its classpath. It reads {@code greeting.txt} from its classpath when its context starts (a
 * greeting of {@code fail} fails the context), and serves
 * {@code greeting=G pid=PID start=JVM_START_MILLIS context=CONTEXT_START_MILLIS}.
 */
@SpringBootApplication
@RestController
public class DevToolsApp {

  private final String greeting;
  private final long contextStart;

  public DevToolsApp(ApplicationContext context) throws IOException {
    try (InputStream in = DevToolsApp.class.getClassLoader().getResourceAsStream("greeting.txt")) {
      greeting = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (greeting.equals("fail")) {
      throw new IllegalStateException("the greeting says fail");
    }
    contextStart = context.getStartupDate();
  }

  @GetMapping("/")
  public String get() {
    return "greeting=" + greeting + " pid=" + ProcessHandle.current().pid() + " start="
        + ManagementFactory.getRuntimeMXBean().getStartTime() + " context=" + contextStart + " loader="
        + getClass().getClassLoader().getClass().getSimpleName();
  }

  public static void main(String[] args) {
    SpringApplication.run(DevToolsApp.class, args);
  }
}
