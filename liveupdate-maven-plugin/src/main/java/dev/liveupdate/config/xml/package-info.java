/**
 * The mutable beans Maven's configurator fills from the {@code <liveUpdate>} element of the POM.
 * The goals run that configurator themselves ({@code mojo.LiveUpdateParameter}), after checking
 * every element name against the properties of these beans: a property added here is an element
 * users may write, with nothing else to declare.
 *
 * <p>They only carry what the user wrote: nothing here validates or interprets a value, that is
 * {@link dev.liveupdate.config.LiveUpdateConfigReader}'s job, which turns them into the immutable
 * {@link dev.liveupdate.config.LiveUpdateConfig} the engine uses.
 *
 * <p>Binding rules these classes rely on (Sisu Plexus, Maven 3.9):
 * <ul>
 *   <li>an element binds to the setter {@code setX} or else the field named exactly like the element;
 *   <li>the items of a list ({@code <syncs><sync>…}) become instances of the list's generic type
 *       argument, <em>unless</em> a class named like the item element, capitalised, exists in this
 *       package. So never add classes named {@code Sync}, {@code Run}, {@code Path}, {@code Ignore}
 *       or {@code Trigger} here: the configurator would pick them for {@code <sync>}, {@code <run>},
 *       {@code <path>}, {@code <ignore>} and {@code <trigger>} items.
 * </ul>
 * No class here imports Maven: the beans are plain Java and tests build them with their setters or
 * constructors.
 */
package dev.liveupdate.config.xml;
