"""Curva de la emoción de una oficina técnica (realización de proyectos para empresas).

The classic example of Spanish practitioners' guides: a technical office that designs
projects for other companies, followed from the first social-media post to the
newsletter, through the captación / interés / compra funnel and on to loyalty. The
company's own view of each touchpoint (the emotions below) is compared with what a
customer survey says, because the curve must come from customers, not from the company.

Render it with ``journeymap render examples/oficina_tecnica.py -f markdown``.
"""

from journeymap import Journey, Persona

journey = (
    Journey(
        "Oficina técnica: curva de la emoción",
        persona=Persona(
            name="Director de obra",
            description="Dirige obras de edificación en una constructora mediana.",
            goals=("Entregar el proyecto a tiempo", "No salirse del presupuesto"),
            needs=("Respuestas rápidas", "Documentación clara para el ayuntamiento"),
            frustrations=("Oficinas que no cogen el teléfono", "Facturas sin desglose"),
            quote="Necesito saber quién me va a resolver el problema y cuándo.",
        ),
        objective="Saber en qué puntos de contacto perdemos presupuestos y clientes.",
        scenario="Una constructora necesita un proyecto de instalaciones para una obra nueva.",
        expectations=("Trato profesional", "Plazos cumplidos", "Precio cerrado"),
        locale="es",
        tags=("b2b", "servicios profesionales"),
    )
    .actor("Community manager", role="frontstage")
    .actor("Ingeniero de proyecto", id="ingeniero", role="frontstage")
    .actor("Administración", role="backstage")
    .phase("Captación", goal="Que el cliente nos conozca")
    .touchpoint(
        "Redes sociales",
        channel="social",
        emotion=1,
        action="Ve una publicación con una obra terminada",
        thoughts="Parecen serios",
        doubts="¿Trabajan en mi zona?",
        frontstage="Publicaciones y respuestas a comentarios",
        backstage="Calendario de contenidos",
        actors=["community-manager"],
        opportunities="Enseñar proyectos reales con datos de plazo y coste",
    )
    .phase("Interés", goal="Que vea que podemos resolver su problema")
    .touchpoint(
        "Blog",
        channel="web",
        emotion=1,
        action="Lee «7 consejos para que tu proyecto salga bien»",
        thoughts="Identifica su problema y quiere resolverlo",
        motivations="Evitar retrasos en la licencia",
    )
    .touchpoint(
        "Web",
        channel="web",
        emotion=1,
        action="Revisa los servicios y la página «Sobre mí»",
        doubts=("¿Cuál de los servicios necesito?", "¿Cuánto cuesta?"),
        pain_points="Los servicios no tienen precios orientativos",
        opportunities="Un configurador de presupuesto orientativo",
    )
    .phase("Compra", goal="Contratar y recibir el proyecto")
    .touchpoint(
        "Llamada telefónica",
        channel="phone",
        emotion=2,
        action="Llama para resolver sus dudas",
        thoughts="Me han entendido a la primera",
        frontstage="El ingeniero atiende la llamada",
        actors=["ingeniero"],
        duration="20 minutos",
    )
    .touchpoint(
        "Emails",
        channel="email",
        emotion=0,
        action="Intercambia datos y planos del proyecto",
        pain_points="Versiones de planos perdidas en cadenas de correos",
        opportunities="Un espacio compartido de documentos",
        backstage="Registro de versiones de planos",
        actors=["ingeniero"],
    )
    .touchpoint(
        "Entrega del proyecto",
        id="proyecto",
        channel="face-to-face",
        emotion=2,
        action="Recibe el proyecto en formato físico",
        evidence=("Proyecto encuadernado", "Planos firmados"),
        actors=["ingeniero"],
        metrics=[
            {
                "kind": "csat",
                "value": 4.6,
                "target": 4.5,
                "n": 31,
                "unit": "/5",
                "source": "Encuesta de entrega",
            }
        ],
    )
    .touchpoint(
        "Seguimiento del proyecto",
        id="seguimiento",
        channel="phone",
        emotion=1,
        action="Sigue la tramitación por terceros hasta el cierre del expediente",
        backstage="Seguimiento del expediente con el ayuntamiento",
    )
    .touchpoint(
        "Facturación",
        channel="email",
        emotion=-2,
        feeling="molesto",
        action="Recibe y paga la factura",
        thoughts="Siempre duele pagar",
        doubts="¿Qué incluye cada partida?",
        pain_points=("La factura llega sin desglose", "Un único medio de pago"),
        opportunities=("Factura desglosada por fases", "Pago fraccionado"),
        backstage="Emisión de facturas",
        actors=["administracion"],
        metrics=[
            {
                "kind": "ces",
                "value": 5.1,
                "target": 3,
                "n": 31,
                "better": "lower",
                "unit": "/7",
                "source": "Encuesta posventa",
            }
        ],
    )
    .phase("Fidelización", goal="Que nos recomiende y vuelva")
    .touchpoint(
        "Seguimiento posventa",
        channel="phone",
        emotion=1,
        action="Le preguntamos cómo fue todo el proceso, no solo nuestra parte",
        thoughts="Se preocupan de verdad",
        actors=["ingeniero"],
        metrics=[
            {"kind": "nps", "value": 34, "target": 40, "n": 31, "source": "Encuesta posventa"}
        ],
    )
    .touchpoint(
        "Newsletter",
        channel="email",
        emotion=0,
        action="Recibe novedades sin agobios",
        motivations="Tenernos presentes para el próximo proyecto",
        pain_points="Demasiados envíos en temporada alta",
    )
    .curve(
        "Encuesta a clientes",
        {
            "redes-sociales": 1,
            "blog": 0.5,
            "web": -1,
            "llamada-telefonica": 2,
            "emails": -0.5,
            "proyecto": 1.5,
            "seguimiento": 0.5,
            "facturacion": -2,
            "seguimiento-posventa": 1.5,
            "newsletter": -0.5,
        },
        source="measured",
        n=31,
        description="Encuesta trimestral a clientes, media por punto de contacto",
    )
)

if __name__ == "__main__":
    from journeymap import render

    print(render(journey, "markdown"))
