package org.fedsynth.fl.server;

import static org.fedsynth.fl.server.RoundAggregatorTest.u;
import static org.fedsynth.fl.server.RoundAggregatorTest.w;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.RoundContext;
import org.junit.jupiter.api.Test;

class RoundIntakeTest {

    private static RoundIntake intake() {
        return new RoundIntake(new RoundContext(3, w(0, 0), null, null, 1));
    }

    @Test
    void keepsValidUpdatesSortedByClientWhateverTheArrivalOrder() {
        RoundIntake in = intake();
        assertNull(in.deliver(u(2, 3, 5, w(1, 1)), null));
        assertNull(in.deliver(u(0, 3, 5, w(2, 2)), "site-a"));
        assertNull(in.deliver(u(1, 3, 5, w(3, 3)), null));
        assertEquals(List.of(0, 1, 2), in.accepted().stream().map(ClientUpdate::clientId).toList());
        assertEquals("site-a", in.name(0));
        assertNull(in.name(1));
        assertEquals(List.of(0, 1, 2), in.sampledClients(), "sampled defaults to the accepted clients");
        in.sampled(new int[] {0, 1, 2, 3});
        assertEquals(List.of(0, 1, 2, 3), in.sampledClients());
    }

    @Test
    void refusesInvalidOrDuplicateUpdatesNamingTheClient() {
        RoundIntake in = intake();
        String nan = in.deliver(u(0, 3, 5, w(1, Float.NaN)), null);
        assertTrue(nan.startsWith("client 0: ") && nan.contains("NaN"), nan);
        String named = in.deliver(u(1, 2, 5, w(1, 1)), "site-b");
        assertTrue(named.startsWith("site-b: update is for round 2"), named);
        assertNull(in.deliver(u(2, 3, 5, w(1, 1)), null));
        assertTrue(in.deliver(u(2, 3, 5, w(4, 4)), null).contains("already submitted"));
        assertEquals(1, in.accepted().size());
        assertEquals(1f, in.accepted().get(0).generator().flatten()[0], "the first update is kept");
        assertTrue(in.rejections().isEmpty(), "the transport reports rejections in its own words");
        in.rejected(nan);
        in.dropped("site-c");
        assertEquals(List.of(nan), in.rejections());
        assertEquals(List.of("site-c"), in.droppedClients());
    }
}
