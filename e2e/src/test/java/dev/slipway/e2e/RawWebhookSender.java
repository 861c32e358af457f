package dev.slipway.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Sends signed deliveries over one kept-alive HTTP/1.1 connection, written whole to the socket, so
 * that the time measured is the gateway's and the loopback's rather than an HTTP client's own
 * threads: GitHub's sender is not the JDK's {@code HttpClient}.
 */
final class RawWebhookSender implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String host;

  RawWebhookSender(String baseUrl) {
    URI uri = URI.create(baseUrl);
    this.host = uri.getHost() + ":" + uri.getPort();
    try {
      socket = new Socket(uri.getHost(), uri.getPort());
      socket.setTcpNoDelay(true);
      // A gateway that never answers fails the benchmark instead of hanging it.
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The request's bytes, made before the clock starts. */
  byte[] request(String event, String deliveryId, String signature, byte[] body) {
    String head =
        "POST /webhooks/github HTTP/1.1\r\n"
            + "Host: "
            + host
            + "\r\n"
            + "Content-Type: application/json\r\n"
            + "X-GitHub-Event: "
            + event
            + "\r\n"
            + "X-GitHub-Delivery: "
            + deliveryId
            + "\r\n"
            + "X-Hub-Signature-256: "
            + signature
            + "\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  /** Writes the request and reads the whole answer; returns its status code. */
  int send(byte[] request) {
    try {
      out.write(request);
      out.flush();
      String status = line();
      int length = 0;
      for (String header = line(); !header.isEmpty(); header = line()) {
        if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      }
      if (in.readNBytes(length).length < length) {
        throw new IOException("the gateway closed the connection within its answer");
      }
      return Integer.parseInt(status.split(" ")[1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the gateway closed the connection");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
