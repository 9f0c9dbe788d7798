package io.gavel.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small RFC 6455 WebSocket client (plain {@code ws://} only) for the load generator's watchers.
 * The JDK's {@code java.net.http.WebSocket} costs far too much CPU per received message (several
 * executor hand-offs, a decoder and flow-control bookkeeping per message) when 10,000 sockets
 * receive 20,000 messages/s on a 2-core machine, and that CPU is taken from the server being
 * measured. Here each socket is a non-blocking {@link SocketChannel} on one of a few selector
 * threads (assigned round-robin); frames are parsed in place in one read buffer per thread, so a
 * received text message costs one read and one {@code String}. Only a partial frame left at the
 * end of a read is copied aside for its socket, so 10,000 idle sockets hold no buffers.
 *
 * <p>{@link #connect} returns the socket's index at once; {@link #opened} completes when the
 * handshake was accepted and the first message was handed to the kernel, or exceptionally if the
 * connection or the handshake failed. Listener calls happen on the selector threads, so they must
 * be quick. Client frame masks and handshake keys come from {@link ThreadLocalRandom} (fine for a
 * benchmark; not for a browser-grade client). Invalid UTF-8 is decoded leniently.
 */
final class WatcherPool implements AutoCloseable {

  /** Receives the messages and closings of all sockets of a pool, on its selector threads. */
  interface Listener {
    /** A complete text message; {@code receivedNanos} is {@link System#nanoTime} right after the read that completed it. */
    void onText(int socketIndex, String text, long receivedNanos);

    /** An open socket was closed by the server (its close code and reason) or failed (1002, 1006, 1009). */
    default void onClosed(int socketIndex, int code, String reason) {}
  }

  private static final Logger LOG = Logger.getLogger(WatcherPool.class.getName());
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_MESSAGE = 16 << 20;
  private static final int MAX_HANDSHAKE = 8192;
  private static final int CONNECTING = 0, HANDSHAKE = 1, OPEN = 2, CLOSED = 3;
  private static final int TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;

  private final Listener listener;
  private final Worker[] workers;
  private final List<Conn> conns = new ArrayList<>();
  private final AtomicInteger openCount = new AtomicInteger();
  private volatile boolean running = true;

  WatcherPool(int selectorThreads, Listener listener) throws IOException {
    this.listener = listener;
    workers = new Worker[selectorThreads];
    for (int i = 0; i < selectorThreads; i++) {
      workers[i] = new Worker(i);
    }
  }

  /** Starts connecting a new socket to {@code wsUri} and returns its index; see {@link #opened}. */
  int connect(URI wsUri, String firstMessage) {
    if (!"ws".equalsIgnoreCase(wsUri.getScheme())) {
      throw new IllegalArgumentException("only ws:// is supported: " + wsUri);
    }
    if (!running) {
      throw new IllegalStateException("closed");
    }
    int port = wsUri.getPort() < 0 ? 80 : wsUri.getPort();
    String path = wsUri.getRawPath() == null || wsUri.getRawPath().isEmpty() ? "/" : wsUri.getRawPath();
    if (wsUri.getRawQuery() != null) {
      path += "?" + wsUri.getRawQuery();
    }
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    String request =
        "GET " + path + " HTTP/1.1\r\nHost: " + wsUri.getHost() + (wsUri.getPort() < 0 ? "" : ":" + port)
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    Conn c;
    synchronized (conns) {
      c = new Conn(conns.size(), workers[conns.size() % workers.length]);
      conns.add(c);
    }
    c.request = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
    c.accept = accept(key);
    if (firstMessage != null) {
      byte[] b = firstMessage.getBytes(StandardCharsets.UTF_8);
      c.firstFrame = frame(TEXT, b, 0, b.length);
    }
    InetSocketAddress address = new InetSocketAddress(wsUri.getHost(), port);
    c.worker.execute(() -> start(c, address));
    return c.index;
  }

  /** Completes when socket {@code index} is open and its first message was written; exceptionally if that failed. */
  CompletableFuture<Void> opened(int index) {
    return conn(index).opened;
  }

  /**
   * Sends a masked text frame; thread-safe. Before the socket is open the frame waits in its queue
   * (behind the first message); on a closed socket it is dropped.
   */
  void send(int index, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    write(conn(index), frame(TEXT, b, 0, b.length));
  }

  /**
   * Closes socket {@code index} without a close frame or {@code onClosed}; any thread. The socket's
   * selector thread closes it, so that it never finds the key cancelled under it.
   */
  void abort(int index) {
    Conn c = conn(index);
    c.worker.execute(() -> shut(c, 1006, "aborted", false));
  }

  /** The number of sockets whose handshake succeeded and that are not closed yet. */
  int open() {
    return openCount.get();
  }

  /** Closes all sockets (a best-effort close frame 1001 on open ones, no {@code onClosed}) and stops the threads. */
  @Override
  public void close() {
    running = false;
    for (Worker w : workers) {
      w.selector.wakeup();
    }
    for (Worker w : workers) {
      try {
        w.thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<Conn> all;
    synchronized (conns) {
      all = new ArrayList<>(conns);
    }
    byte[] goingAway = {0x03, (byte) 0xE9};
    for (Conn c : all) {
      if (c.state == OPEN) {
        write(c, frame(CLOSE, goingAway, 0, 2));
      }
      shut(c, 1001, "pool closed", false);
    }
    for (Worker w : workers) {
      closeQuietly(w.selector);
    }
  }

  private Conn conn(int index) {
    synchronized (conns) {
      return conns.get(index);
    }
  }

  /** One selector thread and its read buffer. */
  private final class Worker implements Runnable {
    final Selector selector = Selector.open();
    final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    final Thread thread;
    final Consumer<SelectionKey> onReady = this::ready;
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

    Worker(int i) throws IOException {
      thread = new Thread(this, "watcher-selector-" + i);
      thread.setDaemon(true);
      thread.start();
    }

    void execute(Runnable task) {
      tasks.add(task);
      selector.wakeup();
    }

    @Override
    public void run() {
      while (running) {
        try {
          selector.select(onReady);
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.WARNING, "selector failed", e);
          return;
        }
        for (Runnable t; running && (t = tasks.poll()) != null; ) {
          t.run();
        }
      }
    }

    private void ready(SelectionKey k) {
      Conn c = (Conn) k.attachment();
      try {
        if (k.isConnectable() && c.channel.finishConnect()) {
          write(c, c.request);
        }
        if (k.isValid() && k.isWritable()) {
          write(c, null);
        }
        if (k.isValid() && k.isReadable()) {
          read(c);
        }
      } catch (IOException e) {
        shut(c, 1006, e.toString(), true);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "socket " + c.index + " failed", e);
        shut(c, 1006, e.toString(), true);
      }
    }
  }

  /** One socket; the fields without a comment belong to its selector thread. */
  private static final class Conn {
    final int index;
    final Worker worker;
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    /** Frames to write, guarded by this; only {@code request} is written before the socket is open. */
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    volatile int state = CONNECTING;
    volatile SocketChannel channel;
    SelectionKey key;
    int ops; // guarded by this
    ByteBuffer request, firstFrame; // guarded by this
    String accept;
    byte[] pending; // the unparsed end of the last read
    byte[] message; // fragments of a text message being assembled
    int messageLength, fragmentOpcode;

    Conn(int index, Worker worker) {
      this.index = index;
      this.worker = worker;
    }
  }

  private void start(Conn c, InetSocketAddress address) {
    try {
      SocketChannel ch = SocketChannel.open();
      c.channel = ch;
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      c.key = ch.register(c.worker.selector, SelectionKey.OP_CONNECT, c);
      c.ops = SelectionKey.OP_CONNECT;
      if (ch.connect(address)) {
        write(c, c.request);
      }
    } catch (IOException | RuntimeException e) {
      shut(c, 1006, "connect to " + address + " failed: " + e, true);
    }
  }

  /**
   * Queues {@code frame} (if not null) and writes what the socket takes, updating the interest in
   * OP_WRITE; any thread. Completes {@code opened} once the first frame is written.
   */
  private void write(Conn c, ByteBuffer frame) {
    boolean firstWritten = false;
    synchronized (c) {
      if (c.state == CLOSED) {
        return;
      }
      if (frame != null && frame == c.request) {
        c.state = HANDSHAKE;
        c.out.addFirst(frame);
      } else if (frame != null) {
        c.out.add(frame);
      }
      if (c.state == CONNECTING) {
        return;
      }
      boolean blocked = false;
      try {
        for (ByteBuffer b; !blocked && (b = c.out.peek()) != null && (c.state == OPEN || b == c.request); ) {
          c.channel.write(b);
          blocked = b.hasRemaining();
          if (!blocked) {
            c.out.poll();
            firstWritten |= b == c.firstFrame;
          }
        }
      } catch (IOException e) {
        c.worker.execute(() -> shut(c, 1006, "write failed: " + e, true));
        return;
      }
      int ops = SelectionKey.OP_READ | (blocked ? SelectionKey.OP_WRITE : 0);
      if (ops != c.ops) {
        c.ops = ops;
        try {
          c.key.interestOps(ops);
        } catch (CancelledKeyException e) {
          return; // closed meanwhile
        }
        if (blocked && Thread.currentThread() != c.worker.thread) {
          c.worker.selector.wakeup();
        }
      }
    }
    if (firstWritten) {
      c.opened.complete(null);
    }
  }

  /** Reads what is there and handles the handshake answer or every complete frame. */
  private void read(Conn c) throws IOException {
    ByteBuffer buf = c.worker.buf;
    buf.clear();
    if (c.pending != null) {
      buf.put(c.pending);
      c.pending = null;
    }
    if (c.channel.read(buf) < 0) {
      shut(c, 1006, "connection closed without a close frame", true);
      return;
    }
    long now = System.nanoTime();
    buf.flip();
    if (c.state == HANDSHAKE && !handshake(c, buf)) {
      return;
    }
    byte[] a = buf.array();
    int need = 0;
    while (c.state == OPEN && buf.remaining() >= 2) {
      int p = buf.position(), b0 = a[p] & 0xFF, b1 = a[p + 1] & 0xFF, header = 2;
      long length = b1 & 0x7F;
      if (length == 126) {
        header = 4;
        length = buf.remaining() < 4 ? 0 : (buf.getShort(p + 2) & 0xFFFF);
      } else if (length == 127) {
        header = 10;
        length = buf.remaining() < 10 ? 0 : buf.getLong(p + 2);
      }
      if ((b1 & 0x80) != 0 || (b0 & 0x70) != 0 || (b0 & 0x08) != 0 && (length > 125 || b0 < 0x80)) {
        shut(c, 1002, "bad frame header " + b0 + "," + b1, true);
        return;
      }
      if (length < 0 || length > MAX_MESSAGE) {
        shut(c, 1009, "frame of " + length + " bytes", true);
        return;
      }
      if (buf.remaining() < header + length) {
        need = header + (int) length;
        break;
      }
      buf.position(p + header + (int) length);
      onFrame(c, b0, a, p + header, (int) length, now);
    }
    if (c.state == OPEN && buf.hasRemaining()) {
      c.pending = new byte[buf.remaining()];
      buf.get(c.pending);
      if (need > buf.capacity()) {
        c.worker.buf = ByteBuffer.allocate(Math.max(need, 2 * buf.capacity()));
      }
    }
  }

  /** Handles one complete server frame whose payload is {@code a[off, off + length)}. */
  private void onFrame(Conn c, int b0, byte[] a, int off, int length, long now) {
    boolean fin = (b0 & 0x80) != 0;
    int opcode = b0 & 0x0F;
    if (opcode == TEXT || opcode == BINARY) {
      if (c.fragmentOpcode != 0) {
        shut(c, 1002, "new message inside a fragmented one", true);
      } else if (!fin) {
        c.fragmentOpcode = opcode;
        append(c, opcode, a, off, length);
      } else if (opcode == TEXT) {
        deliver(c, new String(a, off, length, StandardCharsets.UTF_8), now);
      }
    } else if (opcode == 0) {
      if (c.fragmentOpcode == 0) {
        shut(c, 1002, "continuation without a message", true);
      } else if (c.messageLength + length > MAX_MESSAGE) {
        shut(c, 1009, "message over " + MAX_MESSAGE + " bytes", true);
      } else {
        append(c, c.fragmentOpcode, a, off, length);
        if (fin) {
          if (c.fragmentOpcode == TEXT) {
            deliver(c, new String(c.message, 0, c.messageLength, StandardCharsets.UTF_8), now);
          }
          c.message = null;
          c.messageLength = c.fragmentOpcode = 0;
        }
      }
    } else if (opcode == PING) {
      write(c, frame(PONG, a, off, length));
    } else if (opcode == CLOSE) {
      int code = length >= 2 ? (a[off] & 0xFF) << 8 | a[off + 1] & 0xFF : 1005;
      String reason = length > 2 ? new String(a, off + 2, length - 2, StandardCharsets.UTF_8) : "";
      write(c, frame(CLOSE, a, off, length >= 2 ? 2 : 0));
      shut(c, code, reason, true);
    } else if (opcode != PONG) {
      shut(c, 1002, "unknown opcode " + opcode, true);
    }
  }

  private static void append(Conn c, int opcode, byte[] a, int off, int length) {
    if (opcode != TEXT) {
      return;
    }
    if (c.message == null || c.message.length < c.messageLength + length) {
      byte[] grown = new byte[Math.max(c.messageLength + length, 2 * c.messageLength + 256)];
      if (c.message != null) {
        System.arraycopy(c.message, 0, grown, 0, c.messageLength);
      }
      c.message = grown;
    }
    System.arraycopy(a, off, c.message, c.messageLength, length);
    c.messageLength += length;
  }

  private void deliver(Conn c, String text, long now) {
    try {
      listener.onText(c.index, text, now);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "listener failed on socket " + c.index, e);
    }
  }

  /** Parses the answer to the upgrade request; false if it is incomplete (kept) or refused (socket closed). */
  private boolean handshake(Conn c, ByteBuffer buf) {
    byte[] a = buf.array();
    int start = buf.position(), end = -1;
    for (int i = start; i + 3 < buf.limit() && end < 0; i++) {
      if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
        end = i;
      }
    }
    if (end < 0) {
      if (buf.remaining() > MAX_HANDSHAKE) {
        shut(c, 1002, "handshake answer over " + MAX_HANDSHAKE + " bytes", true);
      } else {
        c.pending = new byte[buf.remaining()];
        buf.get(c.pending);
      }
      return false;
    }
    buf.position(end + 4);
    String[] lines = new String(a, start, end - start, StandardCharsets.ISO_8859_1).split("\r\n");
    String accept = null;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Accept")) {
        accept = lines[i].substring(colon + 1).trim();
      }
    }
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[1].equals("101")) {
      shut(c, 1002, "handshake refused: " + lines[0], true);
      return false;
    }
    if (!c.accept.equals(accept)) {
      shut(c, 1002, "bad Sec-WebSocket-Accept: " + accept, true);
      return false;
    }
    ByteBuffer first;
    synchronized (c) {
      c.state = OPEN;
      c.out.remove(c.request);
      c.request = null;
      first = c.firstFrame;
      if (first != null) {
        c.out.addFirst(first);
      }
    }
    openCount.incrementAndGet();
    write(c, null);
    if (first == null) {
      c.opened.complete(null);
    }
    return true;
  }

  /** Closes the socket once; tells the listener if it was open and {@code notify}, else fails {@code opened}. */
  private void shut(Conn c, int code, String reason, boolean notify) {
    boolean wasOpen;
    synchronized (c) {
      if (c.state == CLOSED) {
        return;
      }
      wasOpen = c.state == OPEN;
      c.state = CLOSED;
      c.out.clear();
    }
    closeQuietly(c.channel);
    c.pending = c.message = null;
    c.opened.completeExceptionally(new IOException("socket " + c.index + ": " + code + " " + reason));
    if (wasOpen) {
      openCount.decrementAndGet();
      if (notify) {
        try {
          listener.onClosed(c.index, code, reason);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "listener failed on socket " + c.index, e);
        }
      }
    }
  }

  /** A masked client frame (FIN set) with a random mask. */
  private static ByteBuffer frame(int opcode, byte[] payload, int off, int length) {
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    ByteBuffer b = ByteBuffer.allocate(header + 4 + length);
    b.put((byte) (0x80 | opcode));
    if (length < 126) {
      b.put((byte) (0x80 | length));
    } else if (length < 65536) {
      b.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      b.put((byte) (0x80 | 127)).putLong(length);
    }
    int mask = ThreadLocalRandom.current().nextInt();
    b.putInt(mask);
    byte[] a = b.array();
    int p = b.position();
    for (int i = 0; i < length; i++) {
      a[p + i] = (byte) (payload[off + i] ^ mask >>> 24 - 8 * (i & 3));
    }
    return b.rewind();
  }

  private static String accept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      // closing anyway
    }
  }
}
