/**
 * Reads {@code .class} files and compares versions of a class.
 *
 * <ul>
 *   <li>{@link dev.liveupdate.classfile.ClassFile#read(byte[])}: name, hierarchy, access flags,
 *       fields and methods (descriptor, generic signature, constant value, annotations), the
 *       source file, every class referenced.
 *   <li>{@link dev.liveupdate.classfile.Abi#of}: what classes compiled against this one see;
 *       equal fingerprints mean dependents need no compile.
 *   <li>{@link dev.liveupdate.classfile.Structure#difference}: whether the new version may be
 *       hot-swapped over the old one (method bodies only), and if not, why
 *       ({@code Foo: method added bar(I)V}).
 * </ul>
 */
package dev.liveupdate.classfile;
