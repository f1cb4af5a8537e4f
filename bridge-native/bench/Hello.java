/** The cold-start baseline: a bare Java program printing one line. */
public final class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
