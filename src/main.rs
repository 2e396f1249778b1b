fn main() {
    groupwise::start();
}
