package dev.liveupdate.mojo;

import dev.liveupdate.config.ClosestName;
import dev.liveupdate.config.xml.LiveUpdateXml;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.codehaus.plexus.classworlds.realm.ClassRealm;
import org.codehaus.plexus.component.configurator.BasicComponentConfigurator;
import org.codehaus.plexus.component.configurator.ComponentConfigurationException;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluator;
import org.codehaus.plexus.configuration.DefaultPlexusConfiguration;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The {@code <liveUpdate>} parameter, taken raw and bound here rather than by Maven: Maven binds
 * parameters before {@code execute()}, and an element it does not know ends the build with
 * {@code Cannot find 'sycs' in class …LiveUpdateXml}. Here every element is first checked against
 * the beans of {@code dev.liveupdate.config.xml} (the elements of a level are the properties of
 * its bean, as Maven's configurator sees them: setters and fields); an unknown one becomes a
 * problem naming its path, the closest valid name and every valid one, reported with the other
 * problems of the configuration. What is known is then bound by the configurator Maven itself
 * uses, with the mojo's expression evaluator, so values and {@code ${…}} expressions mean what they
 * meant when Maven bound them.
 */
final class LiveUpdateParameter {

  private static final String BEANS = LiveUpdateXml.class.getPackageName();

  /** The bound beans (null without a {@code <liveUpdate>}), and the unknown elements found. */
  record Bound(LiveUpdateXml xml, List<String> problems) {}

  /** What Maven binds {@code <configuration>} to: a stand-in for the mojo's parameter. */
  private static final class Holder {
    private LiveUpdateXml liveUpdate;
  }

  private LiveUpdateParameter() {}

  static Bound bind(PlexusConfiguration raw, ExpressionEvaluator evaluator, ClassRealm realm)
      throws ComponentConfigurationException {
    if (raw == null) {
      return new Bound(null, List.of());
    }
    List<String> problems = new ArrayList<>();
    PlexusConfiguration known = known(raw, LiveUpdateXml.class, "<liveUpdate>", problems);
    DefaultPlexusConfiguration configuration = new DefaultPlexusConfiguration("configuration");
    configuration.addChild(known);
    Holder holder = new Holder();
    new BasicComponentConfigurator().configureComponent(holder, configuration, evaluator, realm);
    return new Bound(holder.liveUpdate, problems);
  }

  /**
   * A copy of {@code element} holding only the children {@code bean} has a property for, checked
   * the same way below; each unknown child is a problem.
   */
  static PlexusConfiguration known(PlexusConfiguration element, Class<?> bean, String path,
      List<String> problems) {
    DefaultPlexusConfiguration copy = shallowCopy(element);
    Map<String, Type> properties = properties(bean);
    for (PlexusConfiguration child : element.getChildren()) {
      String name = child.getName();
      String where = path + "<" + name + ">";
      Type type = properties.get(name);
      if (type == null) {
        problems.add(unknown(where, element.getName(), name, properties.keySet()));
        continue;
      }
      copy.addChild(checked(child, type, where, problems));
    }
    return copy;
  }

  /** A child of a known name: a bean, a list of beans (items checked), or a value as it is. */
  private static PlexusConfiguration checked(PlexusConfiguration child, Type type, String where,
      List<String> problems) {
    Optional<Class<?>> bean = bean(type);
    if (bean.isPresent()) {
      return known(child, bean.get(), where, problems);
    }
    Optional<Class<?>> item = listItem(type);
    if (item.isEmpty()) {
      return child;
    }
    DefaultPlexusConfiguration list = shallowCopy(child);
    PlexusConfiguration[] items = child.getChildren();
    for (int i = 0; i < items.length; i++) {
      String itemPath = where + "<" + items[i].getName() + ">[" + (i + 1) + "]";
      list.addChild(known(items[i], item.get(), itemPath, problems));
    }
    return list;
  }

  /**
   * {@code <liveUpdate><sycs> is not a known element: did you mean <syncs>? <liveUpdate> holds
   * <fallBackOn>, …}.
   */
  private static String unknown(String where, String parent, String name,
      Collection<String> valid) {
    String hint = ClosestName.to(name, valid).map(c -> ": did you mean <" + c + ">?")
        .orElse(";");
    List<String> listed = valid.stream().map(v -> "<" + v + ">").toList();
    return where + " is not a known element" + hint + " <" + parent + "> holds "
        + String.join(", ", listed);
  }

  /** Element names of a bean, sorted, with the type each binds to. */
  static Map<String, Type> properties(Class<?> bean) {
    Map<String, Type> properties = new TreeMap<>();
    for (Class<?> c = bean; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
          properties.putIfAbsent(field.getName(), field.getGenericType());
        }
      }
    }
    for (Method method : bean.getMethods()) {
      String name = method.getName();
      if (name.length() > 3 && name.startsWith("set") && method.getParameterCount() == 1
          && !Modifier.isStatic(method.getModifiers())) {
        String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
        properties.put(property, method.getGenericParameterTypes()[0]);
      }
    }
    return properties;
  }

  private static Optional<Class<?>> bean(Type type) {
    return type instanceof Class<?> c && c.getPackageName().equals(BEANS) ? Optional.of(c)
        : Optional.empty();
  }

  private static Optional<Class<?>> listItem(Type type) {
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
        && Collection.class.isAssignableFrom(raw) && p.getActualTypeArguments().length == 1) {
      return bean(p.getActualTypeArguments()[0]);
    }
    return Optional.empty();
  }

  private static DefaultPlexusConfiguration shallowCopy(PlexusConfiguration element) {
    DefaultPlexusConfiguration copy = new DefaultPlexusConfiguration(element.getName(),
        element.getValue(null));
    for (String attribute : element.getAttributeNames()) {
      copy.setAttribute(attribute, element.getAttribute(attribute, null));
    }
    return copy;
  }
}
