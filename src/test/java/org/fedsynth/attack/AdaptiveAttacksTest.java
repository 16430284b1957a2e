package org.fedsynth.attack;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.client.ClientBehaviour;
import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.strategy.Norms;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.RealBatch;
import org.fedsynth.gan.TrainSettings;
import org.junit.jupiter.api.Test;

/** The attacker's behaviours of issue 14, each on what it changes. */
class AdaptiveAttacksTest {

    private static ModelWeights weights(float... v) {
        return new ModelWeights(List.of(new Tensor("conv.weight", new long[] {v.length}, v.clone())));
    }

    private static ClientUpdate update(int round, ModelWeights g) {
        return new ClientUpdate(0, round, g, null, 10, new LocalStats(5, 6, 7, 8, 9));
    }

    private static AttackSpec spec(Map<String, ?> m) {
        return AttackSpec.fromMap(m);
    }

    // ------------------------------------------------------------------ schedules

    @Test
    void poisoningHappensExactlyInTheScheduledRounds() {
        record Case(Map<String, ?> keys, List<Integer> expected) {}
        List<Case> cases = List.of(
                new Case(Map.of("start_round", 3), List.of(3, 4, 5, 6, 7, 8, 9, 10)),
                new Case(Map.of("start_round", 2, "every", 3), List.of(2, 5, 8)),
                new Case(Map.of("start_round", 4, "end_round", 6), List.of(4, 5, 6)),
                new Case(Map.of("start_round", 2, "end_round", 9, "every", 4), List.of(2, 6)),
                new Case(Map.of("rounds", List.of(5)), List.of(5)),
                new Case(Map.of("rounds", List.of(7, 2)), List.of(2, 7)));
        BatchSource clean = source(8, 2);
        for (Case c : cases) {
            Map<String, Object> m = new java.util.HashMap<>(c.keys());
            m.put("malicious", List.of(1));
            AttackPlan plan = spec(m).resolve(3, 0);
            Trigger t = Trigger.build(plan.trigger(), 32, 1);
            ClientBehaviours b = plan.behavioursFor(1, t);
            List<Integer> poisoned = new ArrayList<>();
            for (int r = 1; r <= 10; r++) {
                if (b.data(r, clean) instanceof PoisonedBatchSource) {
                    poisoned.add(r);
                }
                assertSame(clean, plan.behavioursFor(0, t).data(r, clean), "the honest client is never poisoned");
            }
            assertEquals(c.expected(), poisoned, c.keys().toString());
        }
    }

    @Test
    void everyUpdateBehaviourFollowsTheSameSchedule() {
        AttackSpec s = spec(Map.of("malicious", List.of(0), "rounds", List.of(2), "update_scale", 3.0, "norm_bound", 100.0,
                "spoof_losses", Map.of("loss_g", 1.0, "loss_d", 0.5)));
        ClientBehaviours b = s.resolve(2, 0).behavioursFor(0, Trigger.build(s.trigger(), 32, 1));
        ModelWeights global = weights(0f, 0f);
        ModelWeights trained = weights(1f, 1f);
        ClientUpdate r1 = update(1, trained);
        assertSame(r1, b.update(r1, global, null), "round 1 is not scheduled: sent as trained");
        ClientUpdate r2 = b.update(update(2, trained), global, null);
        assertArrayEquals(new float[] {3f, 3f}, r2.generator().get("conv.weight").data());
        assertEquals(1.0, r2.stats().lossGMean());
    }

    @Test
    void scheduleKeysThatContradictEachOtherAreRefusedWithTheKey() {
        assertThrows(IllegalArgumentException.class, () -> spec(Map.of("rounds", List.of(3), "every", 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec(Map.of("start_round", 5, "end_round", 3)));
        assertTrue(e.getMessage().contains("attack.end_round"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec(Map.of("every", 0)));
        assertTrue(e.getMessage().contains("attack.every"), e.getMessage());
    }

    // ------------------------------------------------------------------ update behaviours

    @Test
    void theNormBoundProjectsOntoTheBallAndLeavesSmallUpdatesAlone() {
        ModelWeights global = weights(1f, 1f, 1f);
        ModelWeights far = weights(4f, 5f, 1f); // delta (3, 4, 0): norm 5
        NormProjection p = new NormProjection(2.0, AttackSchedule.from(1));
        ClientUpdate sent = p.apply(update(1, far), global, null);
        assertEquals(2.0, Norms.l2Distance(sent.generator(), global), 1e-6);
        float[] d = sent.generator().get("conv.weight").data();
        assertEquals(3.0 / 4.0, (d[0] - 1) / (d[1] - 1), 1e-6, "the direction is kept");
        ClientUpdate near = update(1, weights(1.5f, 1f, 1f));
        assertSame(near.generator(), p.apply(near, global, null).generator(), "inside the ball: unchanged");
    }

    @Test
    void anAnnouncedBoundIsTheServersClipBoundAndNeedsOne() {
        AttackSpec s = spec(Map.of("malicious", List.of(0), "norm_bound", "announced"));
        assertTrue(s.normBound().announced());
        assertEquals(3.5, s.normBound().resolve(3.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.resolve(2, 0).behavioursFor(0, Trigger.build(s.trigger(), 32, 1), null));
        assertTrue(e.getMessage().contains("strategy.clip_bound"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec(Map.of("norm_bound", -1.0)));
        assertTrue(e.getMessage().contains("attack.norm_bound"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec(Map.of("norm_bound", "tight")));
        assertTrue(e.getMessage().contains("announced"), e.getMessage());
    }

    @Test
    void spoofedLossesAreWhatWasConfiguredAndTheParametersAreNotTouched() {
        LossSpoofing s = new LossSpoofing(new LossSpoof(0.9, 0.6), AttackSchedule.from(1));
        ModelWeights g = weights(1f, 2f);
        ClientUpdate sent = s.apply(update(4, g), weights(0f, 0f), null);
        assertEquals(new LocalStats(0.9, 0.9, 0.6, 0.6, 9), sent.stats());
        assertSame(g, sent.generator());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec(Map.of("spoof_losses", Map.of("loss_g", 1.0))));
        assertTrue(e.getMessage().contains("loss_d"), e.getMessage());
    }

    // ------------------------------------------------------------------ data behaviours

    @Test
    void onlyTheTargetedClassesArePoisoned() {
        AttackSpec s = spec(Map.of("malicious", List.of(0), "target_classes", List.of(1),
                "trigger", Map.of("type", "solid", "size", 4)));
        AttackPlan plan = s.resolve(2, 0);
        Trigger t = Trigger.build(s.trigger(), 32, 1);
        BatchSource poisoned = plan.behavioursFor(0, t).data(1, source(64, 3));
        RealBatch b = poisoned.next(64, new Random(5));
        int per = 32 * 32;
        int hitOne = 0;
        for (int i = 0; i < 64; i++) {
            boolean white = b.pixels()[i * per + 27 * 32 + 27] == 1f; // inside the bottom-right patch
            assertEquals(b.labels()[i] == 1, white, "image " + i + " of class " + b.labels()[i]);
            hitOne += white ? 1 : 0;
        }
        assertTrue(hitOne > 10, "class 1 images drawn and poisoned: " + hitOne);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan.check(2, 1, false));
        assertTrue(e.getMessage().contains("attack.target_classes"), e.getMessage());
    }

    @Test
    void theDbaPiecesAreDisjointAndTileTheFullTrigger() {
        for (int parts : new int[] {2, 3, 4, 5}) {
            PatchTrigger full = (PatchTrigger) Trigger.build(TriggerSpec.of(TriggerType.PATTERN, TriggerSize.pixels(8),
                    TriggerLocation.bottomRight()), 32, 3);
            float[] a = full.alpha();
            float[] sum = new float[a.length];
            for (int p = 0; p < parts; p++) {
                float[] pa = full.part(p, parts).alpha();
                int own = 0;
                for (int i = 0; i < a.length; i++) {
                    if (pa[i] != 0) {
                        assertEquals(0f, sum[i], "pixel " + i + " in two pieces (" + parts + " parts)");
                        assertEquals(a[i], pa[i], "a piece keeps the trigger's own alpha");
                        own++;
                    }
                    sum[i] += pa[i];
                }
                assertTrue(own > 0, "piece " + p + " of " + parts + " is not empty");
            }
            assertArrayEquals(a, sum, 0f, parts + " pieces add up to the full trigger");
            // pasting every piece equals pasting the full trigger
            float[] byPieces = new float[3 * 32 * 32];
            float[] whole = new float[3 * 32 * 32];
            java.util.Arrays.fill(byPieces, 0.25f);
            java.util.Arrays.fill(whole, 0.25f);
            for (int p = 0; p < parts; p++) {
                full.part(p, parts).apply(byPieces, 0, 3, 32, new Random(1));
            }
            full.apply(whole, 0, 3, 32, new Random(1));
            assertArrayEquals(whole, byPieces, 1e-6f);
        }
    }

    @Test
    void eachDbaColluderPastesItsOwnPiece() {
        AttackSpec s = spec(Map.of("malicious", List.of(1, 3), "dba", true, "trigger", Map.of("size", 8)));
        AttackPlan plan = s.resolve(5, 0);
        plan.check(5, 2, false);
        PatchTrigger full = (PatchTrigger) Trigger.build(s.trigger(), 32, 1);
        assertArrayEquals(full.part(0, 2).alpha(), ((PatchTrigger) plan.pieceOf(1, full)).alpha());
        assertArrayEquals(full.part(1, 2).alpha(), ((PatchTrigger) plan.pieceOf(3, full)).alpha());
        AttackSpec site = spec(Map.of("malicious", List.of(0), "dba", Map.of("parts", 4, "part", 2)));
        AttackPlan sitePlan = site.forSite(7);
        PatchTrigger f2 = (PatchTrigger) Trigger.build(site.trigger(), 32, 1);
        assertArrayEquals(f2.part(2, 4).alpha(), ((PatchTrigger) sitePlan.pieceOf(7, f2)).alpha());
    }

    @Test
    void impossibleDbaAndSybilSetupsAreRefusedWithTheKeyAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec(Map.of("malicious", List.of(0), "dba", true)).resolve(4, 0).check(4, 2, false));
        assertTrue(e.getMessage().contains("attack.dba") && e.getMessage().contains("at least 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec(Map.of("dba", true, "trigger", Map.of("type", "frequency"))));
        assertTrue(e.getMessage().contains("attack.dba"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> spec(Map.of("dba", true, "trigger", Map.of("location", "random"))));
        assertTrue(e.getMessage().contains("location"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec(Map.of("malicious", List.of(0), "dba", true)).forSite(0));
        assertTrue(e.getMessage().contains("part"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> spec(Map.of("malicious", List.of(0), "sybils", true)).resolve(4, 0).check(4, 2, false));
        assertTrue(e.getMessage().contains("attack.sybils"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> spec(Map.of("malicious", List.of(0), "mimicry", 2.0)).resolve(1, 0).check(1, 2, false));
        assertTrue(e.getMessage().contains("attack.mimicry") && e.getMessage().contains("nothing to mimic"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> spec(Map.of("dba", "yes")));
        assertTrue(e.getMessage().contains("attack.dba"), e.getMessage());
    }

    @Test
    void theBlendTriggerIsAFullImageAlphaBlend() {
        TriggerSpec ts = TriggerSpec.fromMap(Map.of("type", "blend", "alpha", 0.15, "seed", 3));
        PatchTrigger t = (PatchTrigger) Trigger.build(ts, 32, 1);
        assertEquals(32, t.size());
        float[] img = new float[32 * 32];
        Random r = new Random(2);
        for (int i = 0; i < img.length; i++) {
            img[i] = r.nextFloat() * 2 - 1;
        }
        float[] out = img.clone();
        t.apply(out, 0, 1, 32, new Random(9));
        float[] pat = t.patch();
        for (int i = 0; i < img.length; i++) {
            assertEquals(0.85f * img[i] + 0.15f * pat[i], out[i], 1e-6f, "pixel " + i);
        }
        assertEquals(TriggerScore.Mode.UNDEFINED, new TriggerScore(t).mode(), "no local patch to score");
    }

    // ------------------------------------------------------------------ mimicry

    @Test
    void mimicryLowersTheOutputDistanceToTheGlobalGenerator() {
        GanSpec spec = GanSpec.standard(32, 1, 2);
        AttackSchedule always = AttackSchedule.from(1);
        double plain = outputDistance(spec, ClientBehaviours.none());
        double mimic = outputDistance(spec, ClientBehaviours.of((ClientBehaviour) new OutputMimicry(50f, always)));
        assertTrue(mimic < 0.6 * plain, "mimicry keeps G(z) near G_global(z): " + mimic + " vs " + plain);
        double inactive = outputDistance(spec, ClientBehaviours.of((ClientBehaviour) new OutputMimicry(50f,
                new AttackSchedule(1, 0, 1, List.of(9)))));
        assertEquals(plain, inactive, 1e-9, "outside its rounds it changes nothing");
    }

    /** Mean squared difference of the locally trained generator from the global one on fresh noise. */
    private static double outputDistance(GanSpec spec, ClientBehaviours b) {
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(8))) {
            ModelWeights global = wb.initialGenerator(1);
            ClientState state = new ClientState(0, wb.initialDiscriminator(2), null, null);
            LocalClient.Result r = LocalClient.trainRound(wb, state, 1, global, null, source(32, 4), 12, new Random(3), b);
            Random zr = new Random(77);
            float[] z = GanWorkbench.gaussian(16 * spec.zDim(), zr);
            int[] lab = new int[16];
            for (int i = 0; i < 16; i++) {
                lab[i] = i % 2;
            }
            wb.loadGenerator(global);
            float[] g0 = wb.generate(z, lab, true);
            wb.loadGenerator(r.update().generator());
            float[] g1 = wb.generate(z, lab, true);
            double s = 0;
            for (int i = 0; i < g0.length; i++) {
                s += (g1[i] - g0[i]) * (double) (g1[i] - g0[i]);
            }
            return s / g0.length;
        }
    }

    /** Two classes of flat images with a bright square, labels drawn from the rng. */
    static BatchSource source(int n, int seed) {
        return new BatchSource() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public int[] classesHeld() {
                return new int[] {0, 1};
            }

            @Override
            public RealBatch next(int b, Random rng) {
                float[] px = new float[b * 32 * 32];
                int[] lab = new int[b];
                for (int i = 0; i < b; i++) {
                    lab[i] = rng.nextInt(2);
                    for (int j = 0; j < 32 * 32; j++) {
                        int y = j / 32;
                        int x = j % 32;
                        boolean sq = lab[i] == 0 ? (x > 4 && x < 14 && y > 4 && y < 14) : (x > 16 && x < 26 && y > 8 && y < 20);
                        px[i * 32 * 32 + j] = sq ? 0.8f : -0.7f + 0.05f * (float) rng.nextGaussian();
                    }
                }
                return new RealBatch(px, lab);
            }
        };
    }
}
