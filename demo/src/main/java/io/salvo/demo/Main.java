package io.salvo.demo;

/** Entry point of {@code salvo.jar}. */
public final class Main {
    private Main() {
    }

    /** Prints usage until the command line lands. */
    public static void main(String[] args) {
        System.out.println("salvo 0.1.0-SNAPSHOT: sends RTP media as fast and as smoothly as Linux allows.");
        System.out.println("usage: java -jar demo/target/salvo.jar   (the streaming demo arrives with the CLI)");
    }
}
