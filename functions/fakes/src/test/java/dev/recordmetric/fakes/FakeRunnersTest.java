package dev.recordmetric.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FakeRunnersTest {

    @Test
    void generate_withTheSameSeed_isReproducible() {
        assertThat(FakeRunners.generate(50, "abc", 7)).isEqualTo(FakeRunners.generate(50, "abc", 7));
        assertThat(FakeRunners.generate(50, "abc", 7)).isNotEqualTo(FakeRunners.generate(50, "abc", 8));
    }

    @Test
    void generate_mixesBusyIdleAndOfflineRunnersWithTheInstallationLabel() {
        List<FakeRunner> runners = FakeRunners.generate(200, "abc");

        assertThat(runners).hasSize(200)
                .allSatisfy(runner -> assertThat(runner.labels()).contains("self-hosted", "installation_id:abc"))
                .anySatisfy(runner -> assertThat(runner.online() && runner.busy()).isTrue())
                .anySatisfy(runner -> assertThat(runner.online() && !runner.busy()).isTrue())
                .anySatisfy(runner -> assertThat(runner.online()).isFalse())
                .noneSatisfy(runner -> assertThat(!runner.online() && runner.busy()).isTrue());
        assertThat(runners.stream().map(FakeRunner::id).distinct()).hasSize(200);
    }
}
