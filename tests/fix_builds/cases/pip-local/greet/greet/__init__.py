def main() -> None:
    print("greetings")
