package dev.recordmetric.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a runtime process wrote since the last look, read from the files its output goes to. Read
 * when the runtime posts a result: the process wrote its log before posting, so it is all there.
 *
 * <p>The telemetry log is what the runtime client writes to {@code _LAMBDA_TELEMETRY_LOG_FD}, one
 * frame per logger call ({@code FramedTelemetryLogSink}): a 16-byte big-endian header (a type word
 * {@code 0xa55a0000 | level << 2 | timestamp present << 1 | format}, the message length, the time
 * in microseconds), then the message. Lambda stores each frame as one event, so a multi-line message
 * stays one. The console is stdout and stderr, one event per line.
 */
final class ProcessOutput {

    private static final int FRAME_MAGIC = 0xa55a0000;
    private static final int HEADER_BYTES = 16;

    private final Path telemetry;
    private final Path console;
    private long telemetryOffset;
    private long consoleOffset;

    ProcessOutput(Path telemetry, Path console) {
        this.telemetry = telemetry;
        this.console = console;
    }

    /** The messages logged since the last call, each without its final newline. */
    synchronized List<String> logMessages() {
        byte[] bytes = read(telemetry, telemetryOffset);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        List<String> messages = new ArrayList<>();
        while (buffer.remaining() >= HEADER_BYTES) {
            int start = buffer.position();
            int type = buffer.getInt();
            int length = buffer.getInt();
            buffer.getLong();
            if ((type & 0xffff0000) != FRAME_MAGIC || length < 0) {
                throw new LocalEngineException("the runtime's telemetry log " + telemetry + " is not framed at byte "
                        + (telemetryOffset + start));
            }
            if (buffer.remaining() < length) {
                buffer.position(start);
                break;
            }
            byte[] message = new byte[length];
            buffer.get(message);
            messages.add(withoutFinalNewline(new String(message, StandardCharsets.UTF_8)));
        }
        telemetryOffset += buffer.position();
        return messages;
    }

    /** The complete lines written to stdout and stderr since the last call. */
    synchronized List<String> consoleLines() {
        byte[] bytes = read(console, consoleOffset);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        consoleOffset += end;
        List<String> lines = new ArrayList<>();
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            lines.add(line);
        }
        return end == 0 ? List.of() : lines;
    }

    private static String withoutFinalNewline(String message) {
        return message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
    }

    private static byte[] read(Path file, long offset) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= offset) {
                return new byte[0];
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - offset));
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read to the end as it was
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
