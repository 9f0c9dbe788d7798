package io.gavel.users.control;

import io.gavel.platform.entity.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Identity documents on disk, outside the database: {@code <gavel.kyc.document-dir>/<verification
 * id>/<document no>-<sha256>}. A file is written to a temporary name while its size and SHA-256
 * are checked against what the user declared, and only then moved into place, so a stored file is
 * always complete and matches its checksum; every read checks the checksum again. Every node of a
 * cluster must see the same directory (a shared volume).
 */
@ApplicationScoped
public class DocumentStore {

  private static final Logger LOG = Logger.getLogger(DocumentStore.class.getName());

  private final Path root;
  private final long maxBytes;

  @Inject
  public DocumentStore(
      @ConfigProperty(name = "gavel.kyc.document-dir", defaultValue = "gavel-kyc-documents") String root,
      @ConfigProperty(name = "gavel.kyc.max-document-bytes", defaultValue = "10485760") long maxBytes) {
    this.root = Path.of(root).toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
  }

  /** For CDI's proxy. */
  protected DocumentStore() {
    this.root = null;
    this.maxBytes = 0;
  }

  /** The largest document accepted, in bytes ({@code gavel.kyc.max-document-bytes}, 10 MiB). */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Stores the upload of one document if it has exactly the declared size and SHA-256.
   *
   * @return the storage key (relative to the document directory)
   * @throws Refusal 422 DOCUMENT_MISMATCH when size or checksum differ (nothing is kept)
   */
  public String store(long verificationId, int docNo, InputStream body, long size, String sha256) {
    Path dir = root.resolve(String.valueOf(verificationId));
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, docNo + "-", ".part");
      MessageDigest digest = sha256();
      long written = 0;
      try (InputStream in = new DigestInputStream(body, digest);
          OutputStream out = Files.newOutputStream(temp)) {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          written += n;
          if (written > size) {
            throw mismatch("the upload is longer than the declared " + size + " bytes");
          }
          out.write(buffer, 0, n);
        }
      }
      if (written != size) {
        throw mismatch("the upload has " + written + " bytes, the declaration " + size);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(sha256)) {
        throw mismatch("the upload's SHA-256 is " + actual + ", the declaration " + sha256);
      }
      String key = verificationId + "/" + docNo + "-" + sha256;
      Path target = root.resolve(key);
      ownerOnly(temp);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // the same content arrived twice (a retry): the stored copy is identical
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("could not store document " + docNo + " of verification " + verificationId, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.warning(() -> "could not delete the partial upload " + e.getMessage());
        }
      }
    }
  }

  /**
   * The stored bytes of a document, after checking them against {@code sha256}.
   *
   * @throws Refusal 409 DOCUMENT_INTEGRITY_FAILED when the file is gone or no longer matches
   */
  public byte[] read(String storageKey, String sha256) {
    Path file = root.resolve(storageKey).normalize();
    if (!file.startsWith(root)) {
      throw new IllegalArgumentException("storage key outside the document directory: " + storageKey);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      LOG.severe(() -> "identity document " + storageKey + " cannot be read: " + e);
      throw integrity("the stored file cannot be read");
    }
    String actual = HexFormat.of().formatHex(sha256().digest(bytes));
    if (!actual.equals(sha256)) {
      LOG.severe(() -> "identity document " + storageKey + " no longer matches its SHA-256");
      throw integrity("the stored file no longer matches its SHA-256");
    }
    return bytes;
  }

  private static void ownerOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: the directory's own permissions apply
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Refusal mismatch(String detail) {
    return Refusal.invalid("DOCUMENT_MISMATCH", detail + "; nothing was stored");
  }

  private static Refusal integrity(String detail) {
    return new Refusal(409, "DOCUMENT_INTEGRITY_FAILED", detail + "; staff have been alerted in the log");
  }
}
