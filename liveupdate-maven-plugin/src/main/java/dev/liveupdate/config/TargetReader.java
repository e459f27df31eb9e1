package dev.liveupdate.config;

import dev.liveupdate.config.xml.TargetXml;
import java.util.List;
import java.util.Optional;

/** Checks and converts {@code <liveUpdate><target>}; part of {@link LiveUpdateConfigReader}. */
final class TargetReader {

  private static final String WHERE = "<liveUpdate><target>";

  private TargetReader() {}

  /** The target, or null after adding to {@code problems} why there is none. */
  static Target read(TargetXml xml, List<String> problems) {
    return read(xml, problems, false);
  }

  /**
   * As {@link #read(TargetXml, List)}; with {@code byImage}, a target naming no workload (or
   * none at all) is one to find by image ({@link Target#byImage}), its other elements checked.
   */
  static Target read(TargetXml xml, List<String> problems, boolean byImage) {
    if (byImage && (xml == null || (trimmed(xml.getDeployment()).isEmpty()
        && trimmed(xml.getSelector()).isEmpty()))) {
      TargetXml given = xml == null ? new TargetXml() : xml;
      Target target = Target.byImage(trimmed(given.getContainer()), trimmed(given.getNamespace()),
          trimmed(given.getContext()));
      checkNames(target.namespace(), target.container(), problems);
      return target;
    }
    if (xml == null) {
      problems.add(WHERE + " is missing: name the workload to update, for example"
          + " <target><deployment>my-app</deployment></target>"
          + " or <target><selector>app=my-app</selector></target>");
      return null;
    }
    Optional<String> deployment = trimmed(xml.getDeployment());
    Optional<String> selector = trimmed(xml.getSelector());
    Optional<String> container = trimmed(xml.getContainer());
    Optional<String> namespace = trimmed(xml.getNamespace());
    Optional<String> context = trimmed(xml.getContext());

    if (deployment.isEmpty() && selector.isEmpty()) {
      problems.add(WHERE + " must contain <deployment> or <selector>, got neither");
    } else if (deployment.isPresent() && selector.isPresent()) {
      problems.add(WHERE + " must contain only one of <deployment> and <selector>, got both ("
          + Messages.quote(deployment.get()) + " and " + Messages.quote(selector.get()) + ")");
    }
    deployment
        .filter(name -> !KubeNames.isDns1123Subdomain(name))
        .ifPresent(name -> problems.add(WHERE + "<deployment> must be a Deployment name"
            + " (DNS-1123 subdomain: " + KubeNames.SUBDOMAIN_RULE + "), got " + Messages.quote(name)));
    selector.ifPresent(labels -> KubeNames.selectorProblem(labels)
        .ifPresent(why -> problems.add(WHERE + "<selector> must be a label selector such as"
            + " 'app=api' or 'app in (api,web),tier!=db' (" + why + "), got " + Messages.quote(labels))));
    checkNames(namespace, container, problems);
    return new Target(deployment, selector, container, namespace, context);
  }

  private static void checkNames(Optional<String> namespace, Optional<String> container,
      List<String> problems) {
    namespace.ifPresent(name -> checkNamespace(WHERE + "<namespace>", name, problems));
    container
        .filter(name -> !KubeNames.isDns1123Label(name))
        .ifPresent(name -> problems.add(WHERE + "<container> must be a container name"
            + " (DNS-1123 label: " + KubeNames.LABEL_RULE + "), got " + Messages.quote(name)));
  }

  /** Adds a problem naming {@code where} unless {@code name} is a namespace name. */
  static void checkNamespace(String where, String name, List<String> problems) {
    if (!KubeNames.isDns1123Label(name)) {
      problems.add(where + " must be a namespace name (DNS-1123 label: " + KubeNames.LABEL_RULE
          + "), got " + Messages.quote(name));
    }
  }

  /** Absent and blank elements are both "not given". */
  private static Optional<String> trimmed(String value) {
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }
}
