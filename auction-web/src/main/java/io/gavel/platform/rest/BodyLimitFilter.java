package io.gavel.platform.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * Refuses bodies over 64 KiB before any resource parses them (identity documents excepted): a
 * declared {@code Content-Length} is checked as it is, a body sent without one (chunked) is read
 * here up to one byte over the limit, so no resource ever holds more. A body of moderate size
 * is read and discarded first: an HTTP/1.1 client that is still sending would otherwise never
 * read the 413 (both sides block on full buffers). Anything larger gets its connection closed.
 */
@Provider
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter {

  private static final int DRAIN_LIMIT = 1024 * 1024;

  /**
   * Identity documents are uploaded as raw files; their resource reads no more than the size the
   * user declared (at most {@code gavel.kyc.max-document-bytes}).
   */
  private static final Pattern DOCUMENT_UPLOAD = Pattern.compile("/?me/verification/[^/]+/documents/[^/]+/?");

  @Override
  public void filter(ContainerRequestContext context) {
    if ("PUT".equals(context.getMethod())
        && DOCUMENT_UPLOAD.matcher(context.getUriInfo().getPath()).matches()) {
      return;
    }
    int length = context.getLength();
    if (length < 0 && context.hasEntity()) {
      // no Content-Length (chunked): the body is read here, at most one byte over the limit
      byte[] head = head(context.getEntityStream(), RequestJson.MAX_BYTES + 1);
      if (head != null && head.length <= RequestJson.MAX_BYTES) {
        context.setEntityStream(new ByteArrayInputStream(head));
        return;
      }
      refuse(context, head != null && drained(context.getEntityStream(), DRAIN_LIMIT));
      return;
    }
    if (length > RequestJson.MAX_BYTES) {
      refuse(context, length <= DRAIN_LIMIT && drained(context.getEntityStream(), DRAIN_LIMIT));
    }
  }

  /** Aborts with 413; the connection is closed unless the body was {@code drained}. */
  private static void refuse(ContainerRequestContext context, boolean drained) {
    Response tooLarge =
        Problem.response(413, "PAYLOAD_TOO_LARGE", "request bodies are limited to 64 KiB");
    context.abortWith(
        drained ? tooLarge : Response.fromResponse(tooLarge).header("Connection", "close").build());
  }

  /** The body's first {@code max} bytes (fewer if it is shorter); null if reading failed. */
  private static byte[] head(InputStream body, int max) {
    try {
      return body.readNBytes(max);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Reads and discards the rest of a request body of at most {@code limit} bytes, so that a client
   * still sending it reads the answer; false when it was longer or broke off.
   */
  public static boolean drained(InputStream body, long limit) {
    byte[] buffer = new byte[8192];
    try {
      long total = 0;
      int n;
      while ((n = body.read(buffer)) >= 0) {
        total += n;
        if (total > limit) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
