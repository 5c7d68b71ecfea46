/**
 * The one native seam of jpbs: {@link org.jpbs.posix.LibC} binds glibc through JNA direct mapping,
 * {@link org.jpbs.posix.NativeError} turns an errno into an {@code IOException} that names the
 * operation, the path, the number and its {@code strerror} text.
 *
 * <h2>Why one binding, and why this shape</h2>
 *
 * <ul>
 *   <li>Speed: the mark and sweep loops call {@code utimensat}, {@code statx}, {@code getdents64}
 *       and {@code unlinkat} millions of times. Direct mapping with {@code int}/{@code long}
 *       parameters only (raw addresses into caller-owned, per-thread native buffers) costs no
 *       argument conversion and no allocation per call (STACK.md §4-5). Callers off the hot path
 *       build their NUL-terminated paths with {@link org.jpbs.posix.CString}. One exception to "JNA
 *       only": the sweep's calls ({@link org.jpbs.posix.LibC#statxNoErrno} per chunk file, whose
 *       errno nobody reads; {@code fastOpenat}, {@code fastGetdents64}, {@code fastClose}, {@code
 *       fastUnlinkat}) go through jffi's fast-numeric invoker (shipped anyway for lmdbjava; JNA if
 *       jffi does not load): JNA's direct mapping pays a libffi closure, an {@code ffi_call} and an
 *       errno save per call, most of the sweep's user time. A failed {@code fast*} call copies
 *       jffi's errno into JNA's slot, so {@link org.jpbs.posix.LibC#errno()} stays the one way to
 *       read errno. {@code -Djpbs.posix.jffi=false} sends them through JNA ({@code JffiCallsTest}
 *       runs them both ways).
 *   <li>Correctness of errno: a call's errno is meaningful only when it returned -1 (glibc does not
 *       clear it on success), so every caller checks the return code first and then reads {@link
 *       org.jpbs.posix.LibC#errno()} on the same thread, before any other native call.
 *   <li>Correctness of constants: flags, errno values and struct offsets are defined once, from the
 *       Linux uapi headers and glibc; the few that differ between x86_64 and aarch64 are chosen at
 *       class initialisation. {@code struct statx} has the same layout on every architecture, which
 *       is why stat information is read through {@code statx} only. On any other platform (or if
 *       binding fails) {@link org.jpbs.posix.LibC#AVAILABLE} is false and no native function is
 *       called: the chunk store falls back to NIO, the backup lock tree refuses to open.
 * </ul>
 *
 * <p>{@link org.jpbs.posix.MappedPages} is the one use of memory calls: {@code
 * madvise(MADV_DONTNEED)} on read-only shared file mappings (the GC's mapped index files), which
 * drops this process's page table entries and nothing else; the data stays in the page cache and
 * faults back on the next read. It refuses writable and heap buffers, where the same call could
 * discard data or touch foreign memory.
 *
 * <p>{@code OneNativeBindingTest} fails the build if another class of the project declares a {@code
 * native} method or calls {@code Native.register}.
 */
package org.jpbs.posix;
