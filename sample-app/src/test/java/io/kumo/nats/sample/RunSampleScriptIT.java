package io.kumo.nats.sample;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.kumo.nats.test.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command itself: it starts a nats-server and the sample app, serves a message,
 * prints a metrics URL that answers, and stops both cleanly when it is stopped.
 */
class RunSampleScriptIT {

	private static final Path LOG = Path.of("target/run-sample-it.log");

	private static final Pattern METRICS_LINE = Pattern.compile("metrics: curl -s http://127\\.0\\.0\\.1:\\d+(/\\S+)");

	@Test
	void runCommandStartsServerAndAppAndStopsBoth() throws Exception {
		Path root = Path.of(System.getProperty("project.root")).toRealPath();
		int port = FreePorts.next();
		ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("scripts/run-sample").toString())
			.directory(root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(LOG.toFile());
		builder.environment().put("SERVER_PORT", String.valueOf(port));
		builder.environment().put("SKIP_BUILD", "true");
		builder.environment().remove("NATS_URL");
		Process script = builder.start();
		try {
			SampleHttp http = new SampleHttp(port);
			await().atMost(Duration.ofSeconds(90)).until(() -> script.isAlive() && http.healthIs(200));
			List<ProcessHandle> children = script.descendants().toList();
			assertThat(children).extracting((child) -> child.info().command().orElse(""))
				.anyMatch((command) -> command.endsWith("nats-server"))
				.anyMatch((command) -> command.endsWith("java"));
			HttpResponse<String> ack = http.post("/messages", "hello", "Message-Id", "readme-1");
			assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
			assertThat((Integer) JsonPath.read(ack.body(), "$.sequence")).isEqualTo(1);
			Matcher banner = METRICS_LINE.matcher(Files.readString(LOG));
			assertThat(banner.find()).as("the banner's metrics line").isTrue();
			assertThat(http.get(banner.group(1)).statusCode()).as(banner.group()).isEqualTo(200);
			script.destroy();
			assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
			await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
		}
		finally {
			script.descendants().forEach(ProcessHandle::destroyForcibly);
			script.destroyForcibly();
		}
	}

}
