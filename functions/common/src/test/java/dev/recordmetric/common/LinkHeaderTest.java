package dev.recordmetric.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void parse_readsNextAndLastPage() {
        var links = LinkHeader.parse(List.of("<https://api.github.com/organizations/1/actions/runners?per_page=100&page=2>;"
                + " rel=\"next\", <https://api.github.com/organizations/1/actions/runners?per_page=100&page=5>; rel=\"last\""));

        assertThat(links.next()).contains(URI.create("https://api.github.com/organizations/1/actions/runners?per_page=100&page=2"));
        assertThat(links.lastPage()).hasValue(5);
    }

    @Test
    void parse_withoutHeader_hasNoNext() {
        assertThat(LinkHeader.parse(List.of()).next()).isEmpty();
    }

    @Test
    void withPage_replacesOnlyThePageParameter() {
        URI next = URI.create("https://ghe.example.com/api/v3/orgs/acme/actions/runners?per_page=100&page=2");

        assertThat(LinkHeader.withPage(next, 17))
                .isEqualTo(URI.create("https://ghe.example.com/api/v3/orgs/acme/actions/runners?per_page=100&page=17"));
    }
}
