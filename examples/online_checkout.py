"""Online checkout: a first-time buyer orders a gift from a web shop.

The touchpoints' emotions come from the October customer survey (``evidence_level``
``measured``); a competitor's curve is overlaid for comparison, and the flows record
where customers skip ahead, retry, drop out and come back (web analytics). The same
journey is written in YAML in ``online_checkout.yaml``.

Render it with ``journeymap render examples/online_checkout.py -f svg -f markdown``, and
its flow with ``journeymap render examples/online_checkout.py -f dot --image svg``.
"""

from journeymap import Journey, Metric, Persona

journey = (
    Journey(
        "Online checkout",
        persona=Persona(
            name="Maya, first-time buyer",
            description="34, buys gifts online a few times a year, mostly on her phone.",
            goals=("Get a gift delivered before the weekend",),
            needs=("Clear total price", "Reliable delivery date"),
            frustrations=("Surprise fees", "Forced account creation"),
            quote="Just tell me what it costs and when it arrives.",
        ),
        objective="Find where first-time buyers abandon the checkout and why.",
        scenario="Maya sees an ad for a lamp and wants it delivered by Friday.",
        expectations=("Checkout in under 3 minutes", "Free returns"),
        tags=("e-commerce", "checkout"),
    )
    .actor("Maya", role="customer")
    .actor("Support agent", id="agent", role="frontstage")
    .actor("Payment provider", id="psp", role="system")
    .actor("Warehouse", role="backstage")
    .actor("Courier", role="partner")
    .phase("Discover", goal="Find a gift that fits")
    .touchpoint(
        "Sees an ad",
        channel="social",
        emotion=1,
        action="Scrolls past a sponsored post with the lamp",
        thoughts="That would suit my sister's flat",
        evidence_level="measured",
        metrics=[Metric(kind="conversion", value=2.4, unit="%", source="Ad platform")],
    )
    .touchpoint(
        "Reads reviews",
        channel="web",
        emotion=1,
        action="Opens the product page and reads reviews",
        doubts="Are the photos real?",
        opportunities="Show customer photos in reviews",
        evidence_level="measured",
    )
    .phase("Buy", goal="Pay without surprises")
    .touchpoint(
        "Adds to cart",
        channel="web",
        emotion=1,
        action="Adds the lamp and opens the cart",
        evidence_level="measured",
        metrics=[
            Metric(
                kind="conversion", value=62, target=70, unit="%", n=18450, source="Web analytics"
            )
        ],
    )
    .touchpoint(
        "Creates an account",
        channel="web",
        emotion=-1,
        action="Is asked to register before paying",
        thoughts="Why do I need an account for one lamp?",
        pain_points="Guest checkout is hidden",
        opportunities="Offer guest checkout first",
        evidence_level="measured",
    )
    .touchpoint(
        "Sees shipping costs",
        channel="web",
        emotion=-2,
        feeling="cheated",
        action="Finds a €7.90 shipping fee on the last step",
        thoughts="The price was a lie",
        pain_points=("Shipping cost shown only at the end", "No delivery date before paying"),
        opportunities=(
            "Show the total price on the product page",
            "Free shipping threshold banner",
        ),
        frontstage="Order summary",
        backstage="Carrier rate lookup",
        evidence_level="measured",
        metrics=[
            Metric(kind="drop-off", value=38, target=20, unit="%", n=11439, source="Web analytics")
        ],
    )
    .touchpoint(
        "Pays",
        channel="web",
        emotion=0,
        action="Pays by card; the bank asks for a 3-D Secure code",
        doubts="Did the payment go through?",
        frontstage="Payment form",
        support="Payment provider",
        actors=["maya", "psp"],
        evidence_level="measured",
    )
    .touchpoint(
        "Order confirmation",
        channel="email",
        emotion=1,
        action="Receives the confirmation e-mail",
        evidence=("Confirmation e-mail with order number",),
        backstage="Order sent to the warehouse",
        actors=["warehouse"],
        evidence_level="measured",
    )
    .phase("Receive", goal="Get the parcel on time")
    .touchpoint(
        "Tracks the parcel",
        channel="sms",
        emotion=0,
        action="Follows the tracking link",
        pain_points="Tracking stays on 'label created' for two days",
        backstage=("Picking and packing", "Hand-over to the courier"),
        actors=["warehouse", "courier"],
        duration="2 days",
        evidence_level="measured",
    )
    .touchpoint(
        "Receives the parcel",
        channel="face-to-face",
        emotion=2,
        feeling="delighted",
        action="The courier hands over the parcel on Thursday",
        evidence="Branded box with a thank-you card",
        actors=["courier"],
        evidence_level="measured",
        metrics=[
            Metric(kind="csat", value=4.4, target=4.2, unit="/5", n=1260, source="Delivery survey")
        ],
    )
    .phase("After the purchase", goal="Feel good about the choice")
    .touchpoint(
        "Asks about returns",
        channel="chat",
        emotion=1,
        action="Asks in the chat whether the gift can be returned",
        frontstage="Support agent answers in 2 minutes",
        support="Help-desk software",
        actors=["agent"],
        evidence_level="measured",
        metrics=[
            Metric(
                kind="ces",
                value=2.1,
                target=2.5,
                better="lower",
                unit="/7",
                n=312,
                source="Chat survey",
            )
        ],
    )
    .touchpoint(
        "Recommends the shop",
        channel="social",
        emotion=1,
        action="Shares a photo of the gift",
        evidence_level="measured",
        metrics=[Metric(kind="nps", value=21, target=30, n=1260, source="Post-purchase survey")],
    )
    .flow("adds-to-cart", "sees-shipping-costs", kind="skip", label="Guest checkout", share=0.35)
    .flow("creates-an-account", kind="drop-off", label="Gives up on the form", share=0.12)
    .flow("sees-shipping-costs", kind="drop-off", label="Shipping fee", share=0.38)
    .flow("pays", "pays", kind="retry", label="3-D Secure fails", share=0.08)
    .flow("recommends-the-shop", "sees-an-ad", kind="loop", label="Buys again", share=0.2)
    .curve(
        "Competitor: ShopCo",
        [1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0],
        source="competitor",
        n=220,
        description="Same survey asked to ShopCo customers",
    )
    .curve(
        "Target after redesign",
        {"creates-an-account": 1, "sees-shipping-costs": 0, "tracks-the-parcel": 1},
        source="future",
    )
)

if __name__ == "__main__":
    from journeymap import render

    print(render(journey, "markdown"))
