package io.ctsync.api;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token check on an exchange: it lets the right token through, refuses any other, and the header never outlives it. */
@Tag("unit")
class ApiAccessTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void theRightTokenPassesAndItsHeaderIsGoneAfterTheCheck() {
        Exchange exchange = request("Bearer t0ken");
        new ApiAccess("t0ken").check(exchange);
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKey("Authorization").containsEntry("name", "shop.erp.dwh");
    }

    @Test
    void anyOtherTokenIs401AndItsHeaderIsGoneToo() {
        for (String header : new String[] {null, "", "t0ken", "Bearer t0ke", "Bearer t0ken ", "bearer t0ken", "Basic dDBrZW4="}) {
            Exchange exchange = request(header);
            assertThatThrownBy(() -> new ApiAccess("t0ken").check(exchange)).as(header).isInstanceOfSatisfying(ApiProblem.class,
                    problem -> assertThat(problem.status()).isEqualTo(401));
            assertThat(exchange.getMessage().getHeaders()).as(header).doesNotContainKey("Authorization");
            assertThat(exchange.getMessage().getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void withoutATokenConfiguredEveryRequestPassesAndTheHeaderIsStillRemoved() {
        for (String token : new String[] {null, " "}) {
            Exchange exchange = request("Bearer anything");
            new ApiAccess(token).check(exchange);
            assertThat(new ApiAccess(token).tokenRequired()).isFalse();
            assertThat(exchange.getMessage().getHeaders()).doesNotContainKey("Authorization");
        }
    }

    private Exchange request(String authorization) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("name", "shop.erp.dwh");
        if (authorization != null) {
            exchange.getMessage().setHeader("Authorization", authorization);
        }
        return exchange;
    }
}
