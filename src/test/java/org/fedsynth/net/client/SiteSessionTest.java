package org.fedsynth.net.client;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedsynth.config.ConfigException;
import org.fedsynth.data.ImageSet;
import org.junit.jupiter.api.Test;

class SiteSessionTest {

    private static ImageSet site(List<String> classes, int... labels) {
        List<byte[]> images = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            images.add(new byte[4]);
        }
        return new ImageSet(classes, 1, 2, 2, images, labels, "site-data");
    }

    @Test
    void relabelsTheSitesFoldersOntoTheFederationsClasses() {
        ImageSet r = SiteSession.relabel(site(List.of("opacity"), 0, 0), List.of("normal", "opacity"));
        assertEquals(List.of("normal", "opacity"), r.classNames());
        assertArrayEquals(new int[] {1, 1}, r.labels());
    }

    @Test
    void refusesAClassTheFederationDoesNotKnow() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SiteSession.relabel(site(List.of("normal", "cat"), 0, 1), List.of("normal", "opacity")));
        assertTrue(e.getMessage().contains("site-data: class folder 'cat'"), e.getMessage());
    }

    private static SiteSession session(String attackYaml, double clipBound, java.nio.file.Path dir) throws Exception {
        org.fedsynth.config.RunConfig cfg = org.fedsynth.config.ConfigIO.parse(
                "training: {batch_size: 8, local_steps: 1, base_width: 8}\n", "site-test.yaml");
        List<String> classes = org.fedsynth.data.Phantoms.classNames("cxr");
        org.fedsynth.net.proto.HelloReply h = org.fedsynth.net.proto.HelloReply.newBuilder().setClientIndex(2)
                .setSpec(org.fedsynth.net.HelloMessages.spec(org.fedsynth.gan.GanSpec.of(32, 1, 2, 8), classes))
                .setTraining(org.fedsynth.net.HelloMessages.training(cfg.training()))
                .setClipBound(clipBound).setInitDSeed(1).setRounds(3).build();
        org.fedsynth.attack.AttackSpec attack = attackYaml == null ? null
                : org.fedsynth.attack.AttackSpec.fromTree(org.fedsynth.config.ConfigIO.yaml().readTree(attackYaml));
        return new SiteSession(h, org.fedsynth.data.Phantoms.generate("cxr", 16, 32, 1), attack, dir);
    }

    @Test
    void aSiteTakesTheAnnouncedClipBoundAndItsDbaPiece(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        SiteSession s = session("{norm_bound: announced, dba: {parts: 3, part: 1}, trigger: {size: 6}}", 2.5, dir);
        try {
            assertTrue(s.behaviours.all().contains(new org.fedsynth.attack.NormProjection(2.5,
                    org.fedsynth.attack.AttackSchedule.from(1))), s.behaviours.toString());
            org.fedsynth.attack.PoisonData poison = (org.fedsynth.attack.PoisonData) s.behaviours.all().get(0);
            org.fedsynth.attack.PatchTrigger full = (org.fedsynth.attack.PatchTrigger) s.trigger;
            assertArrayEquals(full.part(1, 3).alpha(), ((org.fedsynth.attack.PatchTrigger) poison.trigger()).alpha());
        } finally {
            s.wb.close();
        }
        ConfigException e = assertThrows(ConfigException.class, () -> session("{norm_bound: announced}", 0, dir));
        assertTrue(e.getMessage().contains("--attack") && e.getMessage().contains("strategy.clip_bound"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> session("{dba: true}", 0, dir));
        assertTrue(e.getMessage().contains("attack.dba"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> session("{sybils: true}", 0, dir));
        assertTrue(e.getMessage().contains("attack.sybils"), e.getMessage());
    }
}
