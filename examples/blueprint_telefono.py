"""Blueprint del servicio: comprar un móvil por teléfono y recogerlo en la tienda.

A telecom operator's service blueprint, in Spanish: a customer compares phones on the
web, orders one through the call centre, signs the contract by e-mail, picks the phone
up in a shop (where it is not found: the failure point), activates the line and gets
the first bill; some hang up while they wait, some skip the call and order straight
away, and some come back to the shop another day. Under the customer's actions, the
call-centre agents and shop assistants in front, the back office behind the line of
visibility and the systems that support them.

Render it with ``journeymap render examples/blueprint_telefono.py -f blueprint``.
"""

from journeymap import Journey, Persona

journey = (
    Journey(
        "Comprar un móvil: centro de atención y tienda",
        persona=Persona(
            name="Lucía, cliente de prepago",
            description="Quiere pasarse a contrato con un móvil nuevo sin perder su número.",
            goals=("Un móvil nuevo a plazos", "Conservar su número"),
            frustrations=("Esperas al teléfono", "Letra pequeña de la permanencia"),
        ),
        objective="Ver qué procesos internos y sistemas sostienen cada interacción, y dónde "
        "falla el servicio.",
        locale="es",
        tags=("blueprint", "telecomunicaciones"),
    )
    .actor("Lucía", id="cliente", role="customer")
    .actor("Agente del centro de atención", id="agente", role="frontstage")
    .actor("Dependiente de tienda", id="dependiente", role="frontstage")
    .actor("Back office de pedidos", id="back-office", role="backstage")
    .actor("Sistema de activación", id="activacion", role="system")
    .phase("Informarse", goal="Elegir móvil y tarifa")
    .touchpoint(
        "Compara ofertas en la web",
        channel="web",
        emotion=1,
        action="Compara modelos, tarifas y permanencia",
        evidence=["Ficha del producto", "Comparador de tarifas"],
        backstage=["Actualización diaria de precios y stock"],
        support=["Catálogo de productos"],
    )
    .touchpoint(
        "Llama al centro de atención",
        channel="phone",
        emotion=-1,
        actors=["cliente", "agente"],
        action="Pregunta por el precio final y la portabilidad",
        evidence=["Menú de voz", "Música de espera"],
        frontstage=["El agente explica tarifas y permanencia"],
        backstage=["Consulta de la ficha del cliente"],
        support=["CRM", "Centralita (IVR)"],
        duration="12 min de espera",
        pain_points=["Espera larga antes de hablar con alguien"],
        opportunities=["Ofrecer que le llamen en cuanto haya un agente libre"],
    )
    .phase("Comprar", goal="Cerrar el pedido sin sorpresas")
    .touchpoint(
        "Hace el pedido por teléfono",
        channel="phone",
        emotion=0,
        actors=["cliente", "agente"],
        action="Da sus datos y elige recoger en tienda",
        evidence=["SMS con el número de pedido"],
        frontstage=["El agente toma los datos y confirma el pedido"],
        backstage=["Estudio de solvencia", "Reserva del móvil en la tienda elegida"],
        support=["Sistema de scoring", "Pasarela de pago"],
        duration="8 min",
    )
    .touchpoint(
        "Recibe el contrato",
        channel="email",
        emotion=1,
        actors=["back-office", "cliente"],
        action="Firma el contrato desde el móvil",
        evidence=["Correo con el contrato en PDF"],
        backstage=["Generación del contrato"],
        support=["Plataforma de firma electrónica"],
    )
    .phase("Recoger en tienda", goal="Llevarse el móvil el mismo día")
    .touchpoint(
        "Llega a la tienda",
        channel="store",
        emotion=-2,
        moment="critical",
        actors=["cliente", "dependiente"],
        action="Enseña el DNI y el SMS del pedido",
        evidence=["Cola en el mostrador"],
        frontstage=["El dependiente busca el pedido"],
        backstage=["El móvil reservado no aparece en el almacén"],
        support=["Gestión de stock de tiendas"],
        duration="25 min",
        pain_points=["Nadie sabe dónde está su móvil"],
        opportunities=["Avisar por SMS cuando el móvil esté de verdad en la tienda"],
    )
    .touchpoint(
        "Recibe el móvil",
        channel="store",
        emotion=1,
        actors=["dependiente", "cliente"],
        action="Comprueba el móvil y paga la entrada",
        evidence=["Caja del móvil", "Ticket"],
        frontstage=["El dependiente configura el móvil con ella"],
        backstage=["Cierre del pedido"],
        support=["TPV"],
    )
    .phase("Activar", goal="Usar el móvil con su número")
    .touchpoint(
        "Activa la línea",
        channel="sms",
        emotion=0,
        actors=["activacion", "cliente"],
        action="Inserta la SIM y espera",
        evidence=["SMS de bienvenida"],
        backstage=["Portabilidad del número"],
        support=["Sistema de activación de líneas"],
        duration="24 h",
    )
    .touchpoint(
        "Recibe la primera factura",
        channel="email",
        emotion=-1,
        action="Revisa los cargos",
        evidence=["Factura en PDF"],
        backstage=["Facturación del primer mes"],
        support=["Sistema de facturación"],
    )
    .flow(
        "compara-ofertas-en-la-web",
        "hace-el-pedido-por-telefono",
        kind="skip",
        label="Llama directamente al número de ventas",
        share=0.2,
    )
    .flow("llama-al-centro-de-atencion", kind="drop-off", label="Cuelga en la espera", share=0.18)
    .flow(
        "llega-a-la-tienda", "llega-a-la-tienda", kind="retry", label="Vuelve otro día", share=0.3
    )
)

if __name__ == "__main__":
    from journeymap import render

    print(render(journey, "markdown"))
