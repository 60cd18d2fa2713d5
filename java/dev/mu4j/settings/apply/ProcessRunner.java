package dev.mu4j.settings.apply;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The seam between command construction and the operating system: starts one {@link Command} and waits. */
interface ProcessRunner {
    /** What a finished process left: exit code and its output, decoded with the platform charset. */
    record Result(int exitCode, String stdout, String stderr) {}

    Result run(Command command) throws IOException;

    /** Starts real processes; a command that runs longer than {@code timeoutSeconds} is killed and fails. */
    static ProcessRunner system(long timeoutSeconds) {
        return command -> {
            Process p = new ProcessBuilder(command.argv()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            String out = drain(p.getInputStream());
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(command.argv().get(0) + " did not finish within " + timeoutSeconds + " s");
                }
                return new Result(p.exitValue(), out, err.get());
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.argv().get(0), e);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
        };
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), Charset.defaultCharset());
        } catch (IOException e) {
            return "";
        }
    }
}
