package io.gavel.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Unpacking the Artemis and Keycloak distributions once, and small file chores around them. */
final class Archives {

  static final String MARKER = ".gavel-unpacked";

  private Archives() {}

  /**
   * Unpacks {@code zip} into {@code target} without its single top-level folder, unless {@code
   * target} already holds this very archive (same name, size and time stamp). Unpacks into a
   * sibling folder first and renames it, so an interrupted unpack never looks complete.
   *
   * @return true if it unpacked (callers redo steps that depend on a fresh copy)
   */
  static boolean unpackOnce(Path zip, Path target) {
    try {
      String identity = zip.getFileName() + " " + Files.size(zip) + " " + Files.getLastModifiedTime(zip).toMillis();
      Path marker = target.resolve(MARKER);
      if (Files.exists(marker) && Files.readString(marker).equals(identity)) {
        return false;
      }
      Path staging = target.resolveSibling(target.getFileName() + ".unpacking");
      deleteTree(staging);
      unzip(zip, staging);
      Files.writeString(staging.resolve(MARKER), identity);
      deleteTree(target);
      Files.move(staging, target);
      return true;
    } catch (IOException e) {
      throw new PlatformException("cannot unpack " + zip + " into " + target, e);
    }
  }

  private static void unzip(Path zip, Path target) throws IOException {
    Files.createDirectories(target);
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Optional<Path> relative = withoutTopFolder(entry.getName());
        if (relative.isEmpty()) {
          continue;
        }
        Path out = target.resolve(relative.get().toString()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("zip entry escapes the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        // java.util.zip drops Unix permissions: the launch scripts must be executable again.
        if (isScript(relative.get())) {
          out.toFile().setExecutable(true, false);
        }
      }
    }
  }

  static Optional<Path> withoutTopFolder(String entryName) {
    int slash = entryName.indexOf('/');
    if (slash < 0 || slash == entryName.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(Path.of(entryName.substring(slash + 1)));
  }

  /** Everything directly in a {@code bin} folder except Windows scripts, and every *.sh. */
  static boolean isScript(Path relative) {
    String file = relative.getFileName().toString();
    if (file.endsWith(".sh")) {
      return true;
    }
    Path parent = relative.getParent();
    boolean inBin = parent != null && parent.getFileName().toString().equals("bin");
    return inBin && !file.endsWith(".cmd") && !file.endsWith(".bat") && !file.endsWith(".ps1");
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  static void requireFile(Path file, String hint) {
    if (!Files.isRegularFile(file)) {
      throw new PlatformException("missing " + file + " (" + hint + ")");
    }
  }
}
